//! The objects the sandbox answers with, field for field as Stripe's API reference has them
//! (every top-level key is one of Stripe's published fixtures' keys; a test checks it).

use std::collections::BTreeMap;

use serde::Serialize;

pub type Metadata = BTreeMap<String, String>;

/// A postal address (customer, account holder, bank).
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub city: Option<String>,
    pub country: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub state: Option<String>,
}

impl Address {
    pub fn new(line1: &str, city: &str, state: &str, postal_code: &str, country: &str) -> Address {
        let some = |s: &str| Some(s.to_owned());
        Address {
            city: some(city),
            country: some(country),
            line1: some(line1),
            line2: None,
            postal_code: some(postal_code),
            state: some(state),
        }
    }
}

/// An id, or the object itself when the request asked to `expand` it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum Expandable<T> {
    Id(String),
    Object(Box<T>),
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct PaymentIntent {
    pub id: String,
    pub object: &'static str,
    pub amount: i64,
    pub amount_capturable: i64,
    pub amount_received: i64,
    pub application: Option<String>,
    pub application_fee_amount: Option<i64>,
    pub automatic_payment_methods: Option<AutomaticPaymentMethods>,
    pub canceled_at: Option<i64>,
    pub cancellation_reason: Option<String>,
    pub capture_method: &'static str,
    pub client_secret: String,
    pub confirmation_method: &'static str,
    pub created: i64,
    pub currency: String,
    pub customer: Option<Expandable<Customer>>,
    pub description: Option<String>,
    pub last_payment_error: Option<LastPaymentError>,
    pub latest_charge: Option<String>,
    pub livemode: bool,
    pub metadata: Metadata,
    pub next_action: Option<NextAction>,
    pub on_behalf_of: Option<String>,
    pub payment_method: Option<String>,
    pub payment_method_options: PaymentMethodOptions,
    pub payment_method_types: Vec<String>,
    pub processing: Option<()>,
    pub receipt_email: Option<String>,
    pub review: Option<String>,
    pub setup_future_usage: Option<String>,
    pub shipping: Option<()>,
    pub source: Option<String>,
    pub statement_descriptor: Option<String>,
    pub statement_descriptor_suffix: Option<String>,
    pub status: &'static str,
    pub transfer_data: Option<()>,
    pub transfer_group: Option<String>,
}

/// What a publishable key sees of a PaymentIntent (stripe-js' `PaymentIntent` type).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct PublicPaymentIntent {
    pub id: String,
    pub object: &'static str,
    pub amount: i64,
    pub canceled_at: Option<i64>,
    pub cancellation_reason: Option<String>,
    pub capture_method: &'static str,
    pub client_secret: String,
    pub confirmation_method: &'static str,
    pub created: i64,
    pub currency: String,
    pub description: Option<String>,
    pub last_payment_error: Option<LastPaymentError>,
    pub livemode: bool,
    pub next_action: Option<NextAction>,
    pub payment_method: Option<String>,
    pub payment_method_types: Vec<String>,
    pub receipt_email: Option<String>,
    pub setup_future_usage: Option<String>,
    pub shipping: Option<()>,
    pub status: &'static str,
}

impl From<PaymentIntent> for PublicPaymentIntent {
    fn from(p: PaymentIntent) -> Self {
        PublicPaymentIntent {
            id: p.id,
            object: p.object,
            amount: p.amount,
            canceled_at: p.canceled_at,
            cancellation_reason: p.cancellation_reason,
            capture_method: p.capture_method,
            client_secret: p.client_secret,
            confirmation_method: p.confirmation_method,
            created: p.created,
            currency: p.currency,
            description: p.description,
            last_payment_error: p.last_payment_error,
            livemode: p.livemode,
            next_action: p.next_action,
            payment_method: p.payment_method,
            payment_method_types: p.payment_method_types,
            receipt_email: p.receipt_email,
            setup_future_usage: p.setup_future_usage,
            shipping: p.shipping,
            status: p.status,
        }
    }
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AutomaticPaymentMethods {
    pub enabled: bool,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct LastPaymentError {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub code: Option<&'static str>,
    pub message: String,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct PaymentMethodOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_balance: Option<CustomerBalanceOptions>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CustomerBalanceOptions {
    pub bank_transfer: Option<BankTransferOptions>,
    pub funding_type: Option<&'static str>,
    pub setup_future_usage: Option<String>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct BankTransferOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eu_bank_transfer: Option<EuBankTransfer>,
    pub requested_address_types: Vec<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct EuBankTransfer {
    pub country: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct NextAction {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub display_bank_transfer_instructions: Instructions,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Instructions {
    pub amount_remaining: i64,
    pub currency: String,
    pub financial_addresses: Vec<FinancialAddress>,
    pub hosted_instructions_url: Option<String>,
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// One way to pay: its `type` names the one member present.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct FinancialAddress {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub supported_networks: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aba: Option<Aba>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swift: Option<Swift>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_code: Option<SortCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<Iban>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zengin: Option<Zengin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spei: Option<Spei>,
}

impl FinancialAddress {
    pub fn of(kind: &'static str, supported_networks: Vec<&'static str>) -> FinancialAddress {
        FinancialAddress {
            kind,
            supported_networks,
            aba: None,
            swift: None,
            sort_code: None,
            iban: None,
            zengin: None,
            spei: None,
        }
    }
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Aba {
    pub account_holder_address: Address,
    pub account_holder_name: String,
    pub account_number: String,
    pub account_type: &'static str,
    pub bank_address: Address,
    pub bank_name: String,
    pub routing_number: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Swift {
    pub account_holder_address: Address,
    pub account_holder_name: String,
    pub account_number: String,
    pub account_type: &'static str,
    pub bank_address: Address,
    pub bank_name: String,
    pub swift_code: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct SortCode {
    pub account_holder_address: Address,
    pub account_holder_name: String,
    pub account_number: String,
    pub bank_address: Address,
    pub sort_code: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Iban {
    pub account_holder_address: Address,
    pub account_holder_name: String,
    pub bank_address: Address,
    pub bic: String,
    pub country: String,
    pub iban: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Zengin {
    pub account_holder_address: Address,
    pub account_holder_name: String,
    pub account_number: String,
    pub account_type: &'static str,
    pub bank_address: Address,
    pub bank_code: String,
    pub bank_name: String,
    pub branch_code: String,
    pub branch_name: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Spei {
    pub account_holder_address: Address,
    pub account_holder_name: String,
    pub bank_address: Address,
    pub bank_code: String,
    pub bank_name: String,
    pub clabe: String,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Customer {
    pub id: String,
    pub object: &'static str,
    pub address: Option<Address>,
    pub balance: i64,
    /// Only when expanded (`expand[]=cash_balance`), as with Stripe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash_balance: Option<CashBalance>,
    pub created: i64,
    pub currency: Option<String>,
    pub default_source: Option<String>,
    pub delinquent: bool,
    pub description: Option<String>,
    pub email: Option<String>,
    pub invoice_prefix: String,
    pub livemode: bool,
    pub metadata: Metadata,
    pub name: Option<String>,
    pub next_invoice_sequence: i64,
    pub phone: Option<String>,
    pub preferred_locales: Vec<String>,
    pub shipping: Option<()>,
    pub tax_exempt: &'static str,
    pub test_clock: Option<String>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CashBalance {
    pub object: &'static str,
    pub available: BTreeMap<String, i64>,
    pub customer: String,
    pub livemode: bool,
    pub settings: CashBalanceSettings,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CashBalanceSettings {
    pub reconciliation_mode: &'static str,
    pub using_merchant_default: bool,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CashBalanceTransaction {
    pub id: String,
    pub object: &'static str,
    pub created: i64,
    pub currency: String,
    pub customer: Expandable<Customer>,
    pub ending_balance: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funded: Option<Funded>,
    pub livemode: bool,
    pub net_amount: i64,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Funded {
    pub bank_transfer: FundedBankTransfer,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct FundedBankTransfer {
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// `GET /v1/account`: the platform's account, or the connected one named by `Stripe-Account`.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Account {
    pub id: String,
    pub object: &'static str,
    pub business_profile: BusinessProfile,
    pub business_type: Option<String>,
    pub charges_enabled: bool,
    pub country: String,
    pub created: i64,
    pub default_currency: String,
    pub details_submitted: bool,
    pub email: Option<String>,
    pub metadata: Metadata,
    pub payouts_enabled: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct BusinessProfile {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// A webhook event; `data.object` is the object as it is now.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub object: &'static str,
    /// The connected account the object lives on (Connect), absent for the platform's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub api_version: &'static str,
    pub created: i64,
    pub data: EventData,
    pub livemode: bool,
    pub pending_webhooks: i64,
    pub request: EventRequest,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct EventData {
    pub object: serde_json::Value,
}

#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct EventRequest {
    pub id: Option<String>,
    pub idempotency_key: Option<String>,
}
