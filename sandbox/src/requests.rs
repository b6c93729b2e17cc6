//! The parameters each endpoint takes, as Stripe's API reference lists them. A parameter that
//! is not here is refused (`parameter_unknown`); the few Stripe takes but the sandbox has no use
//! for are accepted and ignored (`Ignored`), so that a merchant's real request still works.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A parameter Stripe accepts that changes nothing the sandbox models. (Read as a value, not
/// as serde's `IgnoredAny`, which would count as an unknown parameter.)
pub type Ignored = Option<serde_json::Value>;

/// `metadata[key]=value`; an empty value deletes the key (updates).
pub type MetadataParam = BTreeMap<String, Option<String>>;

#[derive(Deserialize, Debug, Default)]
pub struct AddressParam {
    pub city: Option<String>,
    pub country: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub state: Option<String>,
}

/// `POST /v1/customers` and `POST /v1/customers/{id}`.
// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug, Default)]
pub struct CustomerParams {
    pub address: Option<AddressParam>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub expand: Option<Vec<String>>,
    pub metadata: Option<MetadataParam>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub preferred_locales: Option<Vec<String>>,
    /// Create only (an update refuses it, as Stripe's does).
    pub tax_id_data: Option<Vec<TaxIdDataParam>>,
    pub cash_balance: Ignored,
    pub invoice_settings: Ignored,
    pub shipping: Ignored,
    pub tax_exempt: Ignored,
}

/// `tax_id_data[0][type]=eu_vat&tax_id_data[0][value]=…`: Stripe's customer create takes an
/// array of objects; read (each needs both members) and dropped, the sandbox has no tax ids.
// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug)]
pub struct TaxIdDataParam {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

/// `GET` of one object.
#[derive(Deserialize, Debug, Default)]
pub struct RetrieveParams {
    pub client_secret: Option<String>,
    pub expand: Option<Vec<String>>,
}

/// `payment_method_options[customer_balance][bank_transfer][type]`.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankTransferType {
    #[serde(rename = "eu_bank_transfer")]
    Eu,
    #[serde(rename = "gb_bank_transfer")]
    Gb,
    #[serde(rename = "jp_bank_transfer")]
    Jp,
    #[serde(rename = "mx_bank_transfer")]
    Mx,
    #[serde(rename = "us_bank_transfer")]
    Us,
}

impl BankTransferType {
    pub fn name(self) -> &'static str {
        match self {
            BankTransferType::Eu => "eu_bank_transfer",
            BankTransferType::Gb => "gb_bank_transfer",
            BankTransferType::Jp => "jp_bank_transfer",
            BankTransferType::Mx => "mx_bank_transfer",
            BankTransferType::Us => "us_bank_transfer",
        }
    }
}

#[derive(Deserialize, Debug, Clone)]
pub struct EuBankTransferParam {
    pub country: String,
}

#[derive(Deserialize, Debug, Clone)]
pub struct BankTransferParam {
    #[serde(rename = "type")]
    pub kind: BankTransferType,
    pub eu_bank_transfer: Option<EuBankTransferParam>,
    pub requested_address_types: Option<Vec<String>>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FundingType {
    BankTransfer,
}

#[derive(Deserialize, Debug, Clone, Default)]
pub struct CustomerBalanceOptionsParam {
    pub bank_transfer: Option<BankTransferParam>,
    pub funding_type: Option<FundingType>,
    pub setup_future_usage: Option<String>,
}

// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug, Clone, Default)]
pub struct PaymentMethodOptionsParam {
    pub customer_balance: Option<CustomerBalanceOptionsParam>,
    // Options of other payment methods: accepted, unused by bank transfers.
    pub card: Ignored,
    pub sepa_debit: Ignored,
    pub us_bank_account: Ignored,
}

// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug, Clone)]
pub struct PaymentMethodDataParam {
    #[serde(rename = "type")]
    pub kind: String,
    pub customer_balance: Ignored,
    pub billing_details: Ignored,
    pub metadata: Ignored,
}

// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug, Clone)]
pub struct AutomaticPaymentMethodsParam {
    pub enabled: bool,
    pub allow_redirects: Option<String>,
}

/// `POST /v1/payment_intents`.
// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug)]
pub struct CreateIntentParams {
    pub amount: i64,
    pub currency: String,
    pub automatic_payment_methods: Option<AutomaticPaymentMethodsParam>,
    pub confirm: Option<bool>,
    pub customer: Option<String>,
    pub description: Option<String>,
    pub expand: Option<Vec<String>>,
    pub metadata: Option<MetadataParam>,
    pub payment_method: Option<String>,
    pub payment_method_data: Option<PaymentMethodDataParam>,
    pub payment_method_options: Option<PaymentMethodOptionsParam>,
    pub payment_method_types: Option<Vec<String>>,
    pub receipt_email: Option<String>,
    pub return_url: Option<String>,
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_suffix: Option<String>,
    pub capture_method: Ignored,
    pub confirmation_method: Ignored,
    pub error_on_requires_action: Ignored,
    pub mandate_data: Ignored,
    pub off_session: Ignored,
    pub on_behalf_of: Ignored,
    pub radar_options: Ignored,
    pub setup_future_usage: Ignored,
    pub shipping: Ignored,
    pub transfer_data: Ignored,
    pub transfer_group: Ignored,
    pub use_stripe_sdk: Ignored,
}

/// `POST /v1/payment_intents/{id}/confirm`.
// Fields Stripe accepts that the sandbox does not model are read and dropped.
#[allow(dead_code)]
#[derive(Deserialize, Debug, Default)]
pub struct ConfirmIntentParams {
    pub client_secret: Option<String>,
    pub expand: Option<Vec<String>>,
    pub payment_method: Option<String>,
    pub payment_method_data: Option<PaymentMethodDataParam>,
    pub payment_method_options: Option<PaymentMethodOptionsParam>,
    pub receipt_email: Option<String>,
    pub return_url: Option<String>,
    pub error_on_requires_action: Ignored,
    pub mandate_data: Ignored,
    pub off_session: Ignored,
    pub radar_options: Ignored,
    pub setup_future_usage: Ignored,
    pub shipping: Ignored,
    pub use_stripe_sdk: Ignored,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CancellationReason {
    Abandoned,
    Duplicate,
    Fraudulent,
    RequestedByCustomer,
}

impl CancellationReason {
    pub fn name(self) -> &'static str {
        match self {
            CancellationReason::Abandoned => "abandoned",
            CancellationReason::Duplicate => "duplicate",
            CancellationReason::Fraudulent => "fraudulent",
            CancellationReason::RequestedByCustomer => "requested_by_customer",
        }
    }
}

/// `POST /v1/payment_intents/{id}/cancel`.
#[derive(Deserialize, Debug, Default)]
pub struct CancelIntentParams {
    pub cancellation_reason: Option<CancellationReason>,
    pub expand: Option<Vec<String>>,
}

/// `POST /v1/test_helpers/customers/{id}/fund_cash_balance`.
#[derive(Deserialize, Debug)]
pub struct FundParams {
    pub amount: i64,
    pub currency: String,
    pub reference: Option<String>,
    pub expand: Option<Vec<String>>,
}
