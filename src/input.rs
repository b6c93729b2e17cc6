//! Reads what the merchant passes in: the next action (object or JSON string) and the options.

use alloc::string::String;
use alloc::vec::Vec;
use bank_transfer_core::json::MAX_DEPTH;
use bank_transfer_core::{ErrorCode, Json};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::js_error;

#[wasm_bindgen]
extern "C" {
    /// Caught: a getter or a Proxy trap on the merchant's object may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    fn object_entries(object: &JsValue) -> Result<Array, JsValue>;
}

/// A string goes through the browser's own `JSON.parse`, which costs no Wasm bytes (a
/// serde_json parser would); an object is read as it is.
pub fn next_action(value: &JsValue) -> Result<Json, JsValue> {
    let parsed;
    let value = match value.as_string() {
        Some(text) => {
            parsed = js_sys::JSON::parse(&text)
                .map_err(|_| js_error(ErrorCode::InvalidNextAction, "the next_action string is not valid JSON"))?;
            &parsed
        }
        None => value,
    };
    to_json(value, 0).ok_or_else(|| {
        js_error(
            ErrorCode::InvalidNextAction,
            "next_action cannot be read: it is nested too deeply, cyclic or throws when read",
        )
    })
}

/// Copies a JS value into the core's `Json`, the way `JSON.stringify` sees it (functions,
/// symbols and bigints become null). We walk it ourselves rather than through
/// serde-wasm-bindgen: measured 13 KB gz lighter (its error formatting pulls in `f64`'s
/// formatter), and every read that can throw is caught, so hostile objects cannot unwind
/// through Wasm. `None` when nesting passes `MAX_DEPTH` (cycles included) or a read throws.
pub(crate) fn to_json(value: &JsValue, depth: usize) -> Option<Json> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(b) = value.as_bool() {
        return Some(Json::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Some(Json::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Some(Json::String(s));
    }
    if Array::is_array(value) {
        let length = Reflect::get(value, &"length".into()).ok()?.as_f64()? as u32;
        let mut items = Vec::with_capacity(length.min(1024) as usize);
        for i in 0..length {
            items.push(to_json(&Reflect::get_u32(value, i).ok()?, depth + 1)?);
        }
        return Some(Json::Array(items));
    }
    if value.is_object() {
        let entries = object_entries(value).ok()?;
        let mut out = Vec::with_capacity(entries.length() as usize);
        for entry in entries.iter() {
            let key = Reflect::get_u32(&entry, 0).ok()?.as_string()?;
            out.push((key, to_json(&Reflect::get_u32(&entry, 1).ok()?, depth + 1)?));
        }
        return Some(Json::Object(out));
    }
    Some(Json::Null)
}

pub struct Options {
    /// Requested locales, most preferred first; empty means "ask the browser".
    pub locales: Vec<String>,
    /// Level of the title heading (2 by default); section headings go one level below.
    pub heading_level: u8,
}

pub fn options(value: &JsValue) -> Result<Options, JsValue> {
    let mut options = Options { locales: Vec::new(), heading_level: 2 };
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    if !value.is_object() {
        return Err(js_error(ErrorCode::InvalidOptions, "options must be an object"));
    }
    options.locales = locales(&get(value, "locale"))?;
    let level = get(value, "headingLevel");
    if let Some(n) = level.as_f64() {
        if !(1.0..=6.0).contains(&n) || n % 1.0 != 0.0 {
            return Err(js_error(ErrorCode::InvalidOptions, "options.headingLevel must be a whole number from 1 to 6"));
        }
        options.heading_level = n as u8;
    } else if !level.is_undefined() && !level.is_null() {
        return Err(js_error(ErrorCode::InvalidOptions, "options.headingLevel must be a number"));
    }
    Ok(options)
}

/// `options.locale`: a BCP 47 tag or a list of them, most preferred first; empty when absent.
pub fn locales(locale: &JsValue) -> Result<Vec<String>, JsValue> {
    let mut locales = Vec::new();
    if let Some(tag) = locale.as_string() {
        locales.push(tag);
    } else if let Some(list) = locale.dyn_ref::<js_sys::Array>() {
        for item in list.iter() {
            let tag = item
                .as_string()
                .ok_or_else(|| js_error(ErrorCode::InvalidOptions, "options.locale must hold strings only"))?;
            locales.push(tag);
        }
    } else if !locale.is_undefined() && !locale.is_null() {
        return Err(js_error(ErrorCode::InvalidOptions, "options.locale must be a BCP 47 tag or an array of them"));
    }
    Ok(locales)
}

/// A property, or `undefined` when it is missing or its getter throws.
fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
