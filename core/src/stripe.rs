//! Stripe's vocabulary for bank transfers, written once: the API version we speak, the
//! PaymentIntent statuses, the bank-transfer type of each currency and the countries Stripe
//! opens EU virtual accounts in. The browser glue, the backend and the sandbox all read it here.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// The API version every request is pinned to: the backend sends it as `Stripe-Version`, the
/// browser as `_stripe_version` (as Stripe.js does). It is the version of the reference
/// material and of the pinned `stripe` npm package (22.5.0) the contract tests run.
pub const API_VERSION: &str = "2026-07-29.dahlia";

/// The offline sandbox's keys and webhook secret: not secrets, they only open the sandbox.
pub const SANDBOX_SECRET_KEY: &str = "sk_test_sandbox";
pub const SANDBOX_PUBLISHABLE_KEY: &str = "pk_test_sandbox";
pub const SANDBOX_WEBHOOK_SECRET: &str = "whsec_sandbox";

/// The countries Stripe can open a new EU virtual bank account (IBAN) in: `DE`, `FR`, `IE`,
/// `NL` (stripe-node 22.5.0, "Permitted values include"). `BE` left the list in 2026-02;
/// Spain (`ES`) cannot get new accounts.
pub const EU_COUNTRIES: [&str; 4] = ["DE", "FR", "IE", "NL"];

/// The IBAN country when a confirmation names none: the customer's country when Stripe opens
/// IBANs there, else the account's, else `IE` (the guide's rule).
pub fn default_eu_country<'a>(customer_country: Option<&'a str>, account_country: Option<&'a str>) -> &'a str {
    let supported = |c: &&str| EU_COUNTRIES.contains(c);
    customer_country.filter(supported).or(account_country.filter(supported)).unwrap_or("IE")
}

/// A PaymentIntent paid by bank transfer, created and confirmed in one request: the guide's
/// form that lists the payment method (`payment_method_types`), with arrays indexed as
/// Stripe's SDKs send them.
pub struct BankTransferIntent<'a> {
    pub amount: u64,
    pub currency: &'a str,
    pub customer: &'a str,
    pub description: &'a str,
    /// `metadata[order]`: what the webhook handler finds the order by.
    pub order: &'a str,
    /// The IBAN's country (EUR only).
    pub eu_country: Option<&'a str>,
    /// `metadata[pay_token]`: the order's hosted instructions page (`/pay/{token}`), which the
    /// sandbox uses as the intent's `hosted_instructions_url`.
    pub pay_token: Option<&'a str>,
}

impl BankTransferIntent<'_> {
    /// The form parameters, or `None` for a currency bank transfers do not take.
    pub fn params(&self) -> Option<Vec<(&'static str, String)>> {
        let kind = TransferType::for_currency(self.currency)?;
        let mut params = vec![
            ("amount", self.amount.to_string()),
            ("currency", self.currency.into()),
            ("customer", self.customer.into()),
            ("description", self.description.into()),
            ("metadata[order]", self.order.into()),
        ];
        if let Some(token) = self.pay_token {
            params.push(("metadata[pay_token]", token.into()));
        }
        params.extend([
            ("payment_method_types[0]", "customer_balance".into()),
            ("payment_method_data[type]", "customer_balance".into()),
            ("payment_method_options[customer_balance][funding_type]", "bank_transfer".into()),
            ("payment_method_options[customer_balance][bank_transfer][type]", kind.as_str().into()),
            ("confirm", "true".into()),
        ]);
        if let (TransferType::Eu, Some(country)) = (kind, self.eu_country) {
            params.push((
                "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]",
                country.into(),
            ));
        }
        Some(params)
    }
}

/// `payment_method_options[customer_balance][bank_transfer][type]`, one per currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferType {
    Us,
    Gb,
    Eu,
    Jp,
    Mx,
}

impl TransferType {
    pub const ALL: [TransferType; 5] =
        [TransferType::Us, TransferType::Gb, TransferType::Eu, TransferType::Jp, TransferType::Mx];

    /// The type Stripe uses for a (lower-case) currency, if bank transfers take it.
    pub fn for_currency(currency: &str) -> Option<TransferType> {
        TransferType::ALL.into_iter().find(|t| t.currency() == currency)
    }

    pub fn parse(name: &str) -> Option<TransferType> {
        TransferType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TransferType::Us => "us_bank_transfer",
            TransferType::Gb => "gb_bank_transfer",
            TransferType::Eu => "eu_bank_transfer",
            TransferType::Jp => "jp_bank_transfer",
            TransferType::Mx => "mx_bank_transfer",
        }
    }

    pub fn currency(self) -> &'static str {
        match self {
            TransferType::Us => "usd",
            TransferType::Gb => "gbp",
            TransferType::Eu => "eur",
            TransferType::Jp => "jpy",
            TransferType::Mx => "mxn",
        }
    }

    /// Whether Stripe gives a reference the customer must send (Japan matches by account).
    pub fn has_reference(self) -> bool {
        self != TransferType::Jp
    }
}

/// A PaymentIntent's `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntentStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture,
    Canceled,
    Succeeded,
}

impl IntentStatus {
    pub const ALL: [IntentStatus; 7] = [
        IntentStatus::RequiresPaymentMethod,
        IntentStatus::RequiresConfirmation,
        IntentStatus::RequiresAction,
        IntentStatus::Processing,
        IntentStatus::RequiresCapture,
        IntentStatus::Canceled,
        IntentStatus::Succeeded,
    ];

    pub fn parse(name: &str) -> Option<IntentStatus> {
        IntentStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IntentStatus::RequiresPaymentMethod => "requires_payment_method",
            IntentStatus::RequiresConfirmation => "requires_confirmation",
            IntentStatus::RequiresAction => "requires_action",
            IntentStatus::Processing => "processing",
            IntentStatus::RequiresCapture => "requires_capture",
            IntentStatus::Canceled => "canceled",
            IntentStatus::Succeeded => "succeeded",
        }
    }

    /// Nothing more will happen to the payment.
    pub fn is_final(self) -> bool {
        matches!(self, IntentStatus::Succeeded | IntentStatus::Canceled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_currency_has_its_transfer_type_and_back() {
        for t in TransferType::ALL {
            assert_eq!(TransferType::for_currency(t.currency()), Some(t));
            assert_eq!(TransferType::parse(t.as_str()), Some(t));
        }
        assert_eq!(TransferType::for_currency("chf"), None);
        assert_eq!(TransferType::for_currency("EUR"), None, "Stripe's currencies are lower case");
    }

    #[test]
    fn the_iban_country_follows_the_guide() {
        assert_eq!(default_eu_country(Some("DE"), Some("FR")), "DE");
        assert_eq!(default_eu_country(Some("BE"), Some("FR")), "FR", "BE is not offered any more");
        assert_eq!(default_eu_country(Some("ES"), Some("US")), "IE");
        assert_eq!(default_eu_country(None, None), "IE");
    }

    #[test]
    fn a_bank_transfer_intent_is_the_guides_request() {
        let intent = BankTransferIntent {
            amount: 1099,
            currency: "eur",
            customer: "cus_1",
            description: "Cups",
            order: "o_1",
            eu_country: Some("FR"),
            pay_token: None,
        };
        let params = intent.params().unwrap();
        let get = |k: &str| params.iter().find(|(key, _)| *key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("payment_method_types[0]"), Some("customer_balance"));
        assert_eq!(get("payment_method_options[customer_balance][bank_transfer][type]"), Some("eu_bank_transfer"));
        assert_eq!(
            get("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]"),
            Some("FR")
        );
        assert_eq!((get("amount"), get("confirm")), (Some("1099"), Some("true")));
        let yen = BankTransferIntent { currency: "jpy", eu_country: Some("FR"), ..intent };
        assert_eq!(yen.params().unwrap().len(), 10, "no country outside the EU");
        assert!(BankTransferIntent { currency: "chf", ..yen }.params().is_none());
        let hosted = BankTransferIntent { pay_token: Some("pt_1"), ..intent }.params().unwrap();
        assert_eq!(hosted.iter().find(|(k, _)| *k == "metadata[pay_token]").map(|(_, v)| v.as_str()), Some("pt_1"));
    }

    #[test]
    fn statuses_round_trip() {
        for s in IntentStatus::ALL {
            assert_eq!(IntentStatus::parse(s.as_str()), Some(s));
        }
        assert!(IntentStatus::Canceled.is_final() && !IntentStatus::RequiresAction.is_final());
    }
}
