//! The live checkout's rules, free of I/O: the requests it makes (exact Stripe parameters),
//! how it reads answers and failures, the country selector's sequencing, the polling backoff,
//! and what a newer PaymentIntent means for the customer. The glue only performs them.

pub mod checkout;
mod country;
pub mod email;
mod failure;
mod intent;

pub use country::{CountrySwitch, Outcome as CountryOutcome, Step};
pub use failure::{Failure, FailureKind};
pub use intent::{Change, Snapshot};

use alloc::string::String;
use alloc::vec::Vec;

/// The EU countries offered by default: all those Stripe opens new virtual IBANs in.
pub const DEFAULT_EU_COUNTRIES: [&str; 4] = crate::stripe::EU_COUNTRIES;

/// The PaymentIntent id: the part of the client secret before `_secret_`.
pub fn intent_id(client_secret: &str) -> Option<&str> {
    const MARK: &[u8] = b"_secret_";
    let bytes = client_secret.as_bytes();
    // A byte search and `get` rather than `split_once(&str)`: no substring searcher and no
    // slicing that could panic in the Wasm download.
    let at = bytes.windows(MARK.len()).position(|w| w == MARK)?;
    let id = client_secret.get(..at)?;
    let valid = id.len() > 3
        && id.as_bytes().starts_with(b"pi_")
        && bytes.len() > at + MARK.len()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    valid.then_some(id)
}

/// Who the browser is to Stripe, sent as Stripe.js sends it: form fields and query parameters
/// (`key`, `_stripe_version`, `_stripe_account`), never headers, so that every request is a
/// "simple" one that needs no CORS preflight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StripeJs {
    pub publishable_key: String,
    /// The connected account the intent lives on (Connect), as the backend said.
    pub account: Option<String>,
}

impl StripeJs {
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = alloc::vec![
            ("key", self.publishable_key.clone()),
            ("_stripe_version", String::from(crate::stripe::API_VERSION)),
        ];
        if let Some(account) = &self.account {
            params.push(("_stripe_account", account.clone()));
        }
        params
    }

    /// `GET` path and query that retrieve a PaymentIntent with its client secret.
    pub fn retrieve_path(&self, client_secret: &str) -> Option<String> {
        let id = intent_id(client_secret)?;
        let mut query = alloc::vec![("client_secret", String::from(client_secret))];
        query.extend(self.params());
        Some(["/v1/payment_intents/", id, "?", &encode_pairs(&query)].concat())
    }

    /// The form body that re-confirms an EU bank transfer in `country` (to get an IBAN there).
    pub fn confirm_body(&self, client_secret: &str, country: &str) -> String {
        let mut params = alloc::vec![
            ("client_secret", String::from(client_secret)),
            ("payment_method_data[type]", String::from("customer_balance")),
            ("payment_method_options[customer_balance][funding_type]", String::from("bank_transfer")),
            ("payment_method_options[customer_balance][bank_transfer][type]", String::from("eu_bank_transfer")),
            (
                "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]",
                String::from(country)
            ),
        ];
        params.extend(self.params());
        encode_pairs(&params)
    }
}

fn encode_pairs(params: &[(&str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form_encode(&pairs)
}

/// `POST` path of the confirmation.
pub fn confirm_path(client_secret: &str) -> Option<String> {
    Some(["/v1/payment_intents/", intent_id(client_secret)?, "/confirm"].concat())
}

/// `application/x-www-form-urlencoded`, as Stripe expects (brackets in keys encoded too).
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, key);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
}

/// The countries a merchant configured, upper-cased and de-duplicated; a country Stripe does
/// not open IBANs in (BE, ES…) is dropped, since confirming it would fail; nothing left means
/// the default list.
pub fn eu_countries(configured: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in configured {
        let code = code.trim().to_ascii_uppercase();
        if crate::stripe::EU_COUNTRIES.contains(&code.as_str()) && !out.contains(&code) {
            out.push(code);
        }
    }
    if out.is_empty() {
        out = DEFAULT_EU_COUNTRIES.iter().map(|c| String::from(*c)).collect();
    }
    out
}

/// Pause before poll number `attempt` (0-based) since the last change: 3 s, growing by half
/// each time, capped at 60 s. Bank transfers take minutes to days; asking every few seconds
/// forever would only load the API.
pub fn poll_delay_ms(attempt: u32) -> u32 {
    let mut delay: u32 = 3_000;
    for _ in 0..attempt.min(16) {
        delay = delay.saturating_add(delay / 2);
    }
    delay.min(60_000)
}

/// How many times a failed GET (retrieving the PaymentIntent) is asked again, at once, before
/// the customer is told. POSTs are never repeated on their own.
pub const GET_RETRIES: u32 = 3;

/// Pause before retry number `attempt` (0-based) of a failed GET: 0.5 s, doubling, at most 8 s.
pub fn retry_delay_ms(attempt: u32) -> u32 {
    (500u32 << attempt.min(4)).min(8_000)
}

/// `delay` spread over ±20 % by `unit` (a random number in [0, 1)), and never shorter than
/// what the server asked for (`Retry-After`): many checkouts that lost the same server do not
/// come back at the same instant.
pub fn jittered(delay: u32, unit: f64, retry_after_ms: Option<u32>) -> u32 {
    let unit = if (0.0..1.0).contains(&unit) { unit } else { 0.5 };
    let spread = (delay as f64 * (0.8 + 0.4 * unit)) as u32;
    spread.max(retry_after_ms.unwrap_or(0))
}

#[cfg(test)]
mod checkout_tests;
#[cfg(test)]
mod tests;
