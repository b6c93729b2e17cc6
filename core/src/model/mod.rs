//! Bank-transfer instructions as the renderer needs them, parsed from Stripe's
//! `next_action.display_bank_transfer_instructions` leniently where the data is optional and
//! strictly where a wrong value would mislead the customer (the amount, the currency).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
mod money;
mod schema;

pub use money::{Currency, Money};
pub use schema::{AddressType, FieldKind, FieldSpec};

use crate::error::{Error, ErrorCode};
use crate::json::Json;

#[derive(Clone, Debug, PartialEq)]
pub struct Instructions {
    /// `eu_bank_transfer`, `us_bank_transfer`… (unknown values are kept, never an error).
    pub transfer_type: Option<String>,
    /// Absent when Stripe sent no amount or no currency.
    pub amount: Option<Money>,
    pub reference: Option<String>,
    /// Only kept when it is an `https:` URL, so it can safely become a link.
    pub hosted_instructions_url: Option<String>,
    pub addresses: Vec<FinancialAddress>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FinancialAddress {
    Known {
        address_type: AddressType,
        fields: Vec<(FieldSpec, Value)>,
        networks: Vec<String>,
    },
    /// A type this version does not know, or a known type without its record: skipped with a notice.
    Unsupported {
        type_name: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Postal(PostalAddress),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostalAddress {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
}

/// Keys only the inner `display_bank_transfer_instructions` object has.
const INSTRUCTION_KEYS: [&str; 5] =
    ["financial_addresses", "amount_remaining", "currency", "reference", "hosted_instructions_url"];

/// Accepts a PaymentIntent, its `next_action`, or the inner `display_bank_transfer_instructions`.
pub fn parse(value: &Json) -> Result<Instructions, Error> {
    let inner = locate(value, true)?;
    let amount_remaining = money::parse_amount(inner.get("amount_remaining"))?;
    let currency = money::parse_currency(inner.get("currency"))?;
    let amount = match (amount_remaining, currency) {
        (Some(minor), Some(currency)) => Some(Money { minor, currency }),
        _ => None,
    };
    let mut addresses = Vec::new();
    if let Some(Json::Array(items)) = inner.get("financial_addresses") {
        for item in items {
            addresses.push(parse_address(item));
        }
    }
    Ok(Instructions {
        transfer_type: text(inner.get("type")),
        amount,
        reference: text(inner.get("reference")),
        hosted_instructions_url: text(inner.get("hosted_instructions_url")).filter(|url| is_safe_link(url)),
        addresses,
    })
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidNextAction, message)
}

fn locate(value: &Json, allow_payment_intent: bool) -> Result<&Json, Error> {
    if !value.is_object() {
        return Err(invalid(["expected a next_action object, got ", value.kind()].concat()));
    }
    if let Some(inner) = value.get("display_bank_transfer_instructions") {
        return match inner {
            Json::Object(_) => Ok(inner),
            other => {
                Err(invalid(["display_bank_transfer_instructions must be an object, got ", other.kind()].concat()))
            }
        };
    }
    // A whole PaymentIntent is a common thing to pass by mistake; accept it.
    if allow_payment_intent && value.get("object").and_then(Json::as_str) == Some("payment_intent") {
        return match value.get("next_action") {
            Some(next) if next.is_object() => locate(next, false),
            _ => Err(invalid("the PaymentIntent has no next_action: it is not waiting for a bank transfer")),
        };
    }
    if INSTRUCTION_KEYS.iter().any(|k| value.get(k).is_some()) {
        return Ok(value);
    }
    match value.get("type").and_then(Json::as_str) {
        Some("display_bank_transfer_instructions") | None => {
            Err(invalid("next_action has no display_bank_transfer_instructions"))
        }
        Some(other) => {
            Err(invalid(["next_action of type \"", other, "\" holds no bank-transfer instructions"].concat()))
        }
    }
}

fn parse_address(value: &Json) -> FinancialAddress {
    let type_name = text(value.get("type")).unwrap_or_default();
    let record = value.get(&type_name).filter(|r| r.is_object());
    let (Some(address_type), Some(record)) = (AddressType::parse(&type_name), record) else {
        return FinancialAddress::Unsupported { type_name };
    };
    let mut fields = Vec::new();
    for spec in address_type.fields() {
        let raw = record.get(spec.name);
        let value = match spec.kind {
            FieldKind::PostalAddress => raw.and_then(postal).map(Value::Postal),
            _ => text(raw).map(Value::Text),
        };
        if let Some(value) = value {
            fields.push((*spec, value));
        }
    }
    let mut networks: Vec<String> = Vec::new();
    if let Some(Json::Array(items)) = value.get("supported_networks") {
        for item in items {
            match text(Some(item)) {
                Some(network) if !networks.contains(&network) => networks.push(network),
                _ => {}
            }
        }
    }
    FinancialAddress::Known { address_type, fields, networks }
}

/// A string field, trimmed (Stripe's documented IBAN ends in a TAB); empty, null, missing or
/// not a string is absent.
fn text(value: Option<&Json>) -> Option<String> {
    let trimmed = value?.as_str()?.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn postal(value: &Json) -> Option<PostalAddress> {
    let address = PostalAddress {
        line1: text(value.get("line1")),
        line2: text(value.get("line2")),
        postal_code: text(value.get("postal_code")),
        city: text(value.get("city")),
        state: text(value.get("state")),
        country: text(value.get("country")),
    };
    (address != PostalAddress::default()).then_some(address)
}

/// Only `https:` links reach the page — a `javascript:` URL in an `href` would run code — and
/// plain `http:` to this machine (a sandbox's own hosted page, `http://127.0.0.1:8080/…`).
fn is_safe_link(url: &str) -> bool {
    let starts = |prefix: &str| url.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
    let https = url.len() > 8 && starts("https://");
    let loopback =
        ["http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/", "http://[::1]:"]
            .iter()
            .any(|prefix| starts(prefix));
    (https || loopback) && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests;
