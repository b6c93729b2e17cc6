//! `mountCheckout`'s options, read from a JS object into plain Rust, with a typed error for
//! anything wrong.

use alloc::string::String;
use alloc::vec::Vec;

use bank_transfer_core::ErrorCode;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::js_error;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
export interface CheckoutOptions {
  /** The merchant backend's endpoint, POSTed `{ order }`; answers `{ clientSecret, publishableKey, stripeApiBase? }`. */
  clientSecretUrl: string;
  /** The order to pay; the backend looks its amount up (the browser never sends one). */
  order: string;
  /** BCP 47 tag(s); default `navigator.languages`. */
  locale?: string | string[];
  /** EU countries offered for the bank's country: DE, FR, IE, NL (Stripe's list, the default); others are dropped. */
  countries?: string[];
  /** Level of the title heading, 1–6 (default 2). */
  headingLevel?: number;
  /** How long to wait for any one answer before saying the service is unreachable, in ms (default 15000, at least 1000). */
  timeoutMs?: number;
  /**
   * The merchant backend's endpoint that emails the instructions, POSTed `{ order, email, locale }`
   * (with the page's cookies). Set: an opt-in "Email me these instructions" field under them.
   */
  emailUrl?: string;
}
"#;

/// A backend or an API that does not answer in this time is treated as down (the `timeoutMs`
/// option changes it).
pub const TIMEOUT_MS: u32 = 15_000;

pub struct Options {
    pub client_secret_url: String,
    pub order: String,
    pub locales: Vec<String>,
    pub countries: Vec<String>,
    pub heading_level: u8,
    pub timeout_ms: u32,
    pub email_url: Option<String>,
}

pub fn read(value: &JsValue) -> Result<Options, JsValue> {
    let invalid = |m: &str| js_error(ErrorCode::InvalidOptions, m);
    if !value.is_object() {
        return Err(invalid("mountCheckout needs options { clientSecretUrl, order }"));
    }
    let get = |key: &str| Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let client_secret_url = get("clientSecretUrl").as_string().filter(|s| !s.is_empty());
    let order = get("order").as_string().filter(|s| !s.is_empty());
    let (Some(client_secret_url), Some(order)) = (client_secret_url, order) else {
        return Err(invalid("options.clientSecretUrl and options.order must be non-empty strings"));
    };
    let common = crate::input::options(value)?;
    let mut countries = Vec::new();
    let list = get("countries");
    if let Some(array) = list.dyn_ref::<js_sys::Array>() {
        for item in array.iter() {
            countries.push(item.as_string().ok_or_else(|| invalid("options.countries must hold strings"))?);
        }
    } else if !list.is_undefined() && !list.is_null() {
        return Err(invalid("options.countries must be an array of country codes"));
    }
    let timeout = get("timeoutMs");
    let timeout_ms = match timeout.as_f64() {
        None if timeout.is_undefined() || timeout.is_null() => TIMEOUT_MS,
        Some(ms) if (1_000.0..=600_000.0).contains(&ms) => ms as u32,
        _ => return Err(invalid("options.timeoutMs must be a number of milliseconds from 1000 to 600000")),
    };
    let email = get("emailUrl");
    let email_url = match email.as_string() {
        Some(url) if !url.is_empty() => Some(url),
        None if email.is_undefined() || email.is_null() => None,
        _ => return Err(invalid("options.emailUrl must be a non-empty string")),
    };
    Ok(Options {
        client_secret_url,
        order,
        locales: common.locales,
        countries,
        heading_level: common.heading_level,
        timeout_ms,
        email_url,
    })
}
