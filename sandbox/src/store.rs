//! The sandbox's state and Stripe's rules for this flow: customers with cash balances,
//! PaymentIntents paid by bank transfer, and funding that arrives in parts. No HTTP here.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use crate::accounts::{self, EU_COUNTRIES};
use crate::api_error::ApiError;
use crate::form::text;

/// What a publishable-key caller gets back (stripe-js' PaymentIntent type).
const PUBLISHABLE_FIELDS: [&str; 20] = [
    "id",
    "object",
    "amount",
    "canceled_at",
    "cancellation_reason",
    "capture_method",
    "client_secret",
    "confirmation_method",
    "created",
    "currency",
    "description",
    "last_payment_error",
    "livemode",
    "next_action",
    "payment_method",
    "payment_method_types",
    "receipt_email",
    "setup_future_usage",
    "shipping",
    "status",
];

/// More confirmations than this for one customer within a minute are refused with
/// `payment_method_rate_limit_exceeded`, as Stripe does for bank transfers.
const CONFIRMS_PER_MINUTE: usize = 10;

pub struct Customer {
    pub id: String,
    created: i64,
    email: Option<String>,
    name: Option<String>,
    metadata: Value,
    /// Cash balance per currency, in minor units.
    pub balance: BTreeMap<String, i64>,
    recent_confirms: VecDeque<i64>,
}

pub struct Intent {
    pub id: String,
    pub client_secret: String,
    pub amount: i64,
    pub currency: String,
    pub customer: Option<String>,
    pub status: &'static str,
    pub amount_remaining: i64,
    created: i64,
    description: Option<String>,
    metadata: Value,
    transfer_type: Option<&'static str>,
    eu_country: Option<String>,
    pub reference: Option<String>,
}

/// A Stripe event, ready to send.
pub type Event = Value;

#[derive(Default)]
pub struct Store {
    pub customers: HashMap<String, Customer>,
    /// In creation order: funding matches the oldest open intent first.
    pub intents: Vec<Intent>,
    /// Name shown as the account holder (Stripe's sandbox shows the merchant's account name).
    pub account_name: String,
}

fn now() -> i64 {
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

fn reference_for(transfer_type: &str) -> Option<String> {
    const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    match transfer_type {
        // Japan: a customer-specific account, no reference.
        "jp_bank_transfer" => None,
        "mx_bank_transfer" => {
            let mut bytes = [0u8; 7];
            let _ = getrandom::fill(&mut bytes);
            Some(bytes.iter().map(|b| char::from(b'0' + b % 10)).collect())
        }
        _ => {
            let mut bytes = [0u8; 12];
            let _ = getrandom::fill(&mut bytes);
            Some(bytes.iter().map(|b| char::from(ALNUM[usize::from(*b) % ALNUM.len()])).collect())
        }
    }
}

/// The bank-transfer type Stripe uses for each currency it supports here.
pub fn transfer_type_for(currency: &str) -> Option<&'static str> {
    Some(match currency {
        "usd" => "us_bank_transfer",
        "gbp" => "gb_bank_transfer",
        "eur" => "eu_bank_transfer",
        "jpy" => "jp_bank_transfer",
        "mxn" => "mx_bank_transfer",
        _ => return None,
    })
}

fn normalize_reference(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn amount_param(params: &Value, name: &str) -> Result<i64, ApiError> {
    let raw = text(params, &[name]).ok_or_else(|| ApiError::missing(name))?;
    match raw.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ApiError::invalid(name, format!("Invalid integer: {raw}"))),
    }
}

fn currency_param(params: &Value) -> Result<String, ApiError> {
    let currency = text(params, &["currency"]).ok_or_else(|| ApiError::missing("currency"))?.to_ascii_lowercase();
    if transfer_type_for(&currency).is_none() {
        return Err(ApiError::invalid(
            "currency",
            format!("Bank transfers are not available in {currency}: use usd, gbp, eur, jpy or mxn."),
        ));
    }
    Ok(currency)
}

impl Customer {
    pub fn json(&self) -> Value {
        json!({
            "id": self.id, "object": "customer", "created": self.created, "email": self.email,
            "name": self.name, "metadata": self.metadata, "livemode": false,
            "cash_balance": { "object": "cash_balance", "customer": self.id, "livemode": false,
                "available": self.balance, "settings": { "reconciliation_mode": "automatic", "using_merchant_default": true } },
        })
    }
}

impl Intent {
    /// `metadata[order]`, as the merchant backend sets it.
    pub fn order(&self) -> Option<&str> {
        self.metadata.get("order").and_then(Value::as_str)
    }

    /// The full object, as a secret-key caller sees it.
    pub fn json(&self, account_name: &str) -> Value {
        let next_action = if self.status == "requires_action" { self.next_action(account_name) } else { Value::Null };
        let mut options = json!({ "customer_balance": { "funding_type": "bank_transfer" } });
        if let Some(kind) = self.transfer_type {
            options["customer_balance"]["bank_transfer"] = json!({ "type": kind });
            if let Some(country) = &self.eu_country {
                options["customer_balance"]["bank_transfer"]["eu_bank_transfer"] = json!({ "country": country });
            }
        }
        json!({
            "id": self.id, "object": "payment_intent", "amount": self.amount, "amount_capturable": 0,
            "amount_received": self.amount - self.amount_remaining.min(self.amount),
            "canceled_at": null, "cancellation_reason": null, "capture_method": "automatic",
            "client_secret": self.client_secret, "confirmation_method": "automatic", "created": self.created,
            "currency": self.currency, "customer": self.customer, "description": self.description,
            "last_payment_error": null, "livemode": false, "metadata": self.metadata, "next_action": next_action,
            "payment_method": if self.transfer_type.is_some() { json!(format!("pm_{}", &self.id[3..])) } else { Value::Null },
            "payment_method_options": options, "payment_method_types": ["customer_balance"], "processing": null,
            "receipt_email": null, "setup_future_usage": null, "shipping": null, "status": self.status,
        })
    }

    /// The subset a publishable-key caller gets.
    pub fn public_json(&self, account_name: &str) -> Value {
        let full = self.json(account_name);
        let mut out = Map::new();
        for key in PUBLISHABLE_FIELDS {
            out.insert(key.to_owned(), full.get(key).cloned().unwrap_or(Value::Null));
        }
        Value::Object(out)
    }

    fn next_action(&self, account_name: &str) -> Value {
        let Some(kind) = self.transfer_type else { return Value::Null };
        let customer = self.customer.as_deref().unwrap_or("");
        let addresses =
            accounts::financial_addresses(customer, &self.currency, self.eu_country.as_deref(), account_name)
                .unwrap_or_default();
        json!({
            "type": "display_bank_transfer_instructions",
            "display_bank_transfer_instructions": {
                "amount_remaining": self.amount_remaining, "currency": self.currency,
                "financial_addresses": addresses,
                // Stripe's hosted page does not exist offline.
                "hosted_instructions_url": null,
                "reference": self.reference, "type": kind,
            }
        })
    }

    fn is_open(&self) -> bool {
        self.status == "requires_action"
    }
}

impl Store {
    pub fn new(account_name: &str) -> Store {
        Store { account_name: account_name.to_owned(), ..Store::default() }
    }

    pub fn create_customer(&mut self, params: &Value) -> Value {
        let customer = Customer {
            id: random_id("cus_", 14),
            created: now(),
            email: text(params, &["email"]).map(str::to_owned),
            name: text(params, &["name"]).map(str::to_owned),
            metadata: params.get("metadata").cloned().unwrap_or_else(|| json!({})),
            balance: BTreeMap::new(),
            recent_confirms: VecDeque::new(),
        };
        let json = customer.json();
        self.customers.insert(customer.id.clone(), customer);
        json
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

    pub fn create_intent(&mut self, params: &Value) -> Result<(Value, Vec<Event>), ApiError> {
        let amount = amount_param(params, "amount")?;
        let currency = currency_param(params)?;
        let customer = text(params, &["customer"]).map(str::to_owned);
        if let Some(id) = &customer {
            if !self.customers.contains_key(id) {
                return Err(ApiError::resource_missing("customer", "customer", id));
            }
        }
        let types = params.get("payment_method_types").and_then(Value::as_array);
        if !types.is_some_and(|t| t.iter().any(|v| v == "customer_balance")) {
            return Err(ApiError::invalid(
                "payment_method_types",
                "The sandbox only implements payment_method_types[]=customer_balance.",
            ));
        }
        let id = random_id("pi_", 24);
        self.intents.push(Intent {
            client_secret: format!("{id}_secret_{}", random_id("", 25)),
            id: id.clone(),
            amount,
            currency,
            customer,
            status: "requires_payment_method",
            amount_remaining: amount,
            created: now(),
            description: text(params, &["description"]).map(str::to_owned),
            metadata: params.get("metadata").cloned().unwrap_or_else(|| json!({})),
            transfer_type: None,
            eu_country: None,
            reference: None,
        });
        let mut events = Vec::new();
        if text(params, &["confirm"]) == Some("true") {
            // On failure the intent stays created (unconfirmed), as with Stripe.
            self.confirm_at(self.intents.len() - 1, params, &mut events)?;
        }
        let intent = self.intent(&id)?;
        Ok((intent.json(&self.account_name), events))
    }

    pub fn confirm(&mut self, id: &str, params: &Value) -> Result<(usize, Vec<Event>), ApiError> {
        let index = self.intent_index(id)?;
        let mut events = Vec::new();
        self.confirm_at(index, params, &mut events)?;
        Ok((index, events))
    }

    fn confirm_at(&mut self, index: usize, params: &Value, events: &mut Vec<Event>) -> Result<(), ApiError> {
        let intent = &self.intents[index];
        if !matches!(intent.status, "requires_payment_method" | "requires_confirmation" | "requires_action") {
            return Err(ApiError::unexpected_state(format!(
                "This PaymentIntent's status is {}, so it cannot be confirmed.",
                intent.status
            )));
        }
        let customer_id = intent.customer.clone().ok_or_else(|| ApiError::missing("customer"))?;
        let expected = transfer_type_for(&intent.currency).unwrap_or("us_bank_transfer");
        let options = ["payment_method_options", "customer_balance"];
        let kind = text(params, &[options[0], options[1], "bank_transfer", "type"]).unwrap_or(expected);
        if kind != expected {
            return Err(ApiError::invalid(
                "payment_method_options[customer_balance][bank_transfer][type]",
                format!("{kind} cannot be used for a {} payment; use {expected}.", intent.currency),
            ));
        }
        let eu_country = if kind == "eu_bank_transfer" {
            let country = text(params, &[options[0], options[1], "bank_transfer", "eu_bank_transfer", "country"])
                .map(str::to_ascii_uppercase)
                .or_else(|| intent.eu_country.clone())
                .ok_or_else(|| {
                    ApiError::missing(
                        "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]",
                    )
                })?;
            if country == "ES" {
                return Err(ApiError::country_unsupported(&country));
            }
            if !EU_COUNTRIES.contains(&country.as_str()) {
                return Err(ApiError::invalid(
                    "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]",
                    format!(
                        "{country} is not a supported country for EU bank transfers: use one of BE, DE, FR, IE, NL."
                    ),
                ));
            }
            Some(country)
        } else {
            None
        };
        let t = now();
        let customer = self
            .customers
            .get_mut(&customer_id)
            .ok_or_else(|| ApiError::resource_missing("customer", "customer", &customer_id))?;
        while customer.recent_confirms.front().is_some_and(|&at| at <= t - 60) {
            customer.recent_confirms.pop_front();
        }
        if customer.recent_confirms.len() >= CONFIRMS_PER_MINUTE {
            return Err(ApiError::rate_limited());
        }
        customer.recent_confirms.push_back(t);

        let intent = &mut self.intents[index];
        intent.transfer_type = Some(expected);
        intent.eu_country = eu_country;
        if intent.reference.is_none() {
            intent.reference = reference_for(kind);
        }
        intent.status = "requires_action";
        // A cash balance the customer already has pays first.
        let applied = self.apply_balance(index, events);
        if !applied && self.intents[index].is_open() {
            events.push(self.event("payment_intent.requires_action", index));
        }
        Ok(())
    }

    /// Moves what the customer's cash balance can cover onto intent `index`; true if anything moved.
    fn apply_balance(&mut self, index: usize, events: &mut Vec<Event>) -> bool {
        let intent = &self.intents[index];
        let Some(customer) = intent.customer.as_ref().and_then(|id| self.customers.get_mut(id)) else { return false };
        let available = customer.balance.get(&intent.currency).copied().unwrap_or(0);
        let applied = available.min(intent.amount_remaining);
        if applied <= 0 {
            return false;
        }
        customer.balance.insert(intent.currency.clone(), available - applied);
        let intent = &mut self.intents[index];
        intent.amount_remaining -= applied;
        if intent.amount_remaining == 0 {
            intent.status = "succeeded";
            events.push(self.event("payment_intent.succeeded", index));
        } else {
            events.push(self.event("payment_intent.partially_funded", index));
        }
        true
    }

    /// Stripe's test helper: a bank transfer from the customer arrives.
    pub fn fund(&mut self, customer_id: &str, params: &Value) -> Result<(Value, Vec<Event>), ApiError> {
        let amount = amount_param(params, "amount")?;
        let currency = currency_param(params)?;
        let reference = text(params, &["reference"]).map(str::to_owned);
        let customer = self
            .customers
            .get_mut(customer_id)
            .ok_or_else(|| ApiError::resource_missing("customer", "customer", customer_id))?;
        let balance = customer.balance.entry(currency.clone()).or_insert(0);
        let mut events = Vec::new();

        // `reversal_…`: the sending bank recalls a transfer; what is still unapplied leaves.
        if reference.as_deref().is_some_and(|r| r.to_ascii_lowercase().starts_with("reversal_")) {
            let reversed = amount.min(*balance);
            *balance -= reversed;
            let txn = self.transaction("funding_reversed", customer_id, &currency, -reversed, reference.as_deref());
            return Ok((txn, events));
        }

        *balance += amount;
        let txn = self.transaction("funded", customer_id, &currency, amount, reference.as_deref());
        let open = |i: &&Intent| i.is_open() && i.customer.as_deref() == Some(customer_id) && i.currency == currency;
        // Reconciliation: the reference first, then (Japan has none) the exact amount still due.
        let by_reference = reference.as_ref().and_then(|r| {
            let wanted = normalize_reference(r);
            self.intents
                .iter()
                .filter(open)
                .find(|i| i.reference.as_deref().map(normalize_reference).as_deref() == Some(&wanted))
        });
        let target = by_reference.or_else(|| self.intents.iter().filter(open).find(|i| i.amount_remaining == amount));
        if let Some(id) = target.map(|i| i.id.clone()) {
            let index = self.intent_index(&id)?;
            self.apply_balance(index, &mut events);
        }
        Ok((txn, events))
    }

    fn transaction(&self, kind: &str, customer_id: &str, currency: &str, net: i64, reference: Option<&str>) -> Value {
        let ending = self.customers.get(customer_id).and_then(|c| c.balance.get(currency)).copied().unwrap_or(0);
        let mut txn = json!({
            "id": random_id("ccsbtxn_", 24), "object": "customer_cash_balance_transaction", "created": now(),
            "currency": currency, "customer": customer_id, "ending_balance": ending, "livemode": false,
            "net_amount": net, "type": kind,
        });
        if kind == "funded" {
            txn["funded"] = json!({ "bank_transfer": { "reference": reference, "type": transfer_type_for(currency) } });
        }
        txn
    }

    fn event(&self, kind: &str, index: usize) -> Event {
        json!({
            "id": random_id("evt_", 24), "object": "event", "api_version": "2026-07-29.dahlia",
            "created": now(), "livemode": false, "pending_webhooks": 1, "type": kind,
            "data": { "object": self.intents[index].json(&self.account_name) },
        })
    }
}
