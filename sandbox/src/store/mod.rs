//! The sandbox's state and Stripe's rules for this flow, per Stripe account: customers with
//! cash balances, PaymentIntents paid by bank transfer, and funding that arrives in parts.
//! Objects live on the account that made them (Connect): an intent made on one account is
//! `resource_missing` from another. No HTTP here.

mod customers;
mod funding;
mod intents;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{SystemTime, UNIX_EPOCH};

use bank_transfer_core::stripe::{IntentStatus, API_VERSION};
use serde::Serialize;

pub use intents::{ConfirmInput, EXPANDABLE as INTENT_EXPANDABLE};

use crate::api_error::ApiError;
use crate::objects::{self, Address, Event, EventData, EventRequest, Metadata};
use crate::requests::CustomerBalanceOptionsParam;

/// One Stripe account: who it is, and its objects.
#[derive(Clone, Debug)]
pub struct AccountInfo {
    pub id: String,
    /// Shown as the virtual accounts' holder, as Stripe shows the merchant's name.
    pub name: String,
    pub country: String,
    pub default_currency: String,
}

pub struct Ledger {
    pub account: AccountInfo,
    /// The account's own events carry no `account`; a connected account's do.
    connected: bool,
    customers: HashMap<String, Customer>,
    /// In creation order: funding matches the oldest open intent first.
    intents: Vec<Intent>,
    links: HostedLinks,
}

/// Where intents' hosted instructions pages are (see `Config::merchant_pages`).
#[derive(Clone, Debug, Default)]
pub struct HostedLinks {
    /// The sandbox's own pages (`None`: no hosted page).
    pub public_url: Option<String>,
    /// The merchant's pages, for intents with `metadata[pay_token]`.
    pub merchant_pages: Option<String>,
}

pub struct Customer {
    pub id: String,
    created: i64,
    email: Option<String>,
    name: Option<String>,
    description: Option<String>,
    phone: Option<String>,
    address: Option<Address>,
    metadata: Metadata,
    preferred_locales: Vec<String>,
    /// Cash balance per currency, in minor units.
    balance: BTreeMap<String, i64>,
    recent_confirms: VecDeque<i64>,
}

pub struct Intent {
    pub id: String,
    pub client_secret: String,
    pub amount: i64,
    pub currency: String,
    pub customer: Option<String>,
    pub status: IntentStatus,
    /// What has been applied from the customer's cash balance.
    pub amount_received: i64,
    created: i64,
    description: Option<String>,
    metadata: Metadata,
    /// `payment_method_types` as given; `None` when Stripe chooses (automatic payment methods).
    payment_method_types: Option<Vec<String>>,
    /// `payment_method_options[customer_balance]` as given at creation.
    options: Option<CustomerBalanceOptionsParam>,
    /// Set by a confirmation with a funding type: how the customer sends the rest.
    funding: Option<intents::Funding>,
    payment_method: Option<String>,
    reference: Option<String>,
    /// The hosted instructions page's token (unguessable, like Stripe's).
    pub hosted_token: String,
    canceled_at: Option<i64>,
    cancellation_reason: Option<&'static str>,
    receipt_email: Option<String>,
    statement_descriptor: Option<String>,
    statement_descriptor_suffix: Option<String>,
}

impl Intent {
    /// `metadata[order]`, as the merchant backend sets it.
    pub fn order(&self) -> Option<&str> {
        self.metadata.get("order").map(String::as_str)
    }

    pub fn amount_remaining(&self) -> i64 {
        (self.amount - self.amount_received).max(0)
    }

    fn is_open(&self) -> bool {
        self.status == IntentStatus::RequiresAction
    }
}

pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// `prefix` + `len` random base-62 characters, like Stripe's object ids.
pub fn random_id(prefix: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut bytes = vec![0u8; len];
    // The OS random source does not fail on the platforms we run on; a fixed fill would only
    // make ids predictable, never wrong.
    let _ = getrandom::fill(&mut bytes);
    let tail: String = bytes.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect();
    format!("{prefix}{tail}")
}

/// Which related objects a response carries whole (`expand[]=customer`).
#[derive(Default, Clone, Copy)]
pub struct Expand {
    pub customer: bool,
    pub cash_balance: bool,
}

impl Expand {
    /// Reads `expand` against what this object can expand, refusing the rest as Stripe does.
    pub fn of(requested: Option<&[String]>, expandable: &[&str]) -> Result<Expand, ApiError> {
        let mut expand = Expand::default();
        for field in requested.unwrap_or_default() {
            if !expandable.contains(&field.as_str()) {
                return Err(ApiError::cannot_expand(field));
            }
            match field.as_str() {
                "customer" => expand.customer = true,
                "cash_balance" => expand.cash_balance = true,
                // The others (latest_charge, payment_method…) are null or stay ids here.
                _ => {}
            }
        }
        Ok(expand)
    }
}

impl Ledger {
    pub fn new(account: AccountInfo, connected: bool, links: HostedLinks) -> Ledger {
        Ledger { account, connected, customers: HashMap::new(), intents: Vec::new(), links }
    }

    pub fn intents(&self) -> &[Intent] {
        &self.intents
    }

    pub fn intent(&self, id: &str) -> Result<&Intent, ApiError> {
        self.intents
            .iter()
            .find(|i| i.id == id)
            .ok_or_else(|| ApiError::resource_missing("intent", "payment_intent", id))
    }

    fn intent_index(&self, id: &str) -> Result<usize, ApiError> {
        self.intents
            .iter()
            .position(|i| i.id == id)
            .ok_or_else(|| ApiError::resource_missing("intent", "payment_intent", id))
    }

    pub fn intent_by_hosted_token(&self, token: &str) -> Option<&Intent> {
        self.intents.iter().find(|i| i.hosted_token == token)
    }

    /// The account's `GET /v1/account` object.
    pub fn account_object(&self) -> objects::Account {
        objects::Account {
            id: self.account.id.clone(),
            object: "account",
            business_profile: objects::BusinessProfile { name: Some(self.account.name.clone()), url: None },
            business_type: Some("company".into()),
            charges_enabled: true,
            country: self.account.country.clone(),
            created: 1_700_000_000,
            default_currency: self.account.default_currency.clone(),
            details_submitted: true,
            email: None,
            metadata: Metadata::new(),
            payouts_enabled: true,
            kind: if self.connected { "custom" } else { "standard" },
        }
    }

    /// An event about `object`, as this account's webhook endpoint receives it.
    fn event(&self, kind: &'static str, object: &impl Serialize) -> Event {
        Event {
            id: random_id("evt_", 24),
            object: "event",
            account: self.connected.then(|| self.account.id.clone()),
            api_version: API_VERSION,
            created: now(),
            data: EventData { object: serde_json::to_value(object).unwrap_or_default() },
            livemode: false,
            pending_webhooks: 1,
            request: EventRequest::default(),
            kind,
        }
    }
}
