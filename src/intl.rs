//! The core's `Intl` trait backed by the browser's `Intl` API. Every call that can throw
//! (a bad locale tag) is caught: a JS exception unwinding through Wasm would
//! leave Rust state half-updated.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use bank_transfer_core::model::Money;
use bank_transfer_core::{negotiate, Locale};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = NumberFormat, catch)]
    fn new(locale: &str, options: &Object) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method, js_class = NumberFormat, catch)]
    fn format(this: &NumberFormat, decimal: &str) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = getCanonicalLocales, catch)]
    fn canonical_locales(tag: &str) -> Result<js_sys::Array, JsValue>;
}

/// Negotiates our language from `requested` (or the browser's languages) and keeps a tag
/// that `Intl` accepts: `fr-BE` stays, a malformed tag falls back to the bare language.
pub fn resolve_locale(requested: &[String]) -> Locale {
    let browser: Vec<String>;
    let requested = if requested.is_empty() {
        browser = navigator_languages();
        &browser
    } else {
        requested
    };
    let mut locale = negotiate(requested.iter().map(String::as_str));
    match canonical_locales(&locale.tag).ok().and_then(|list| list.get(0).as_string()) {
        Some(canonical) => locale.tag = canonical,
        None => locale.tag = locale.lang.code().to_owned(),
    }
    locale
}

fn navigator_languages() -> Vec<String> {
    let mut tags = Vec::new();
    let Some(navigator) = crate::dom::global("navigator") else { return tags };
    let read = |key: &str| Reflect::get(&navigator, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if let Some(list) = read("languages").dyn_ref::<js_sys::Array>() {
        for tag in list.iter() {
            tags.extend(tag.as_string());
        }
    }
    if tags.is_empty() {
        tags.extend(read("language").as_string());
    }
    tags
}

pub struct BrowserIntl {
    pub tag: String,
}

impl BrowserIntl {
    fn number(&self, money: &Money, options: &[(&str, JsValue)]) -> String {
        let digits = JsValue::from(money.currency.exponent() as f64);
        let object = Object::new();
        let _ = Reflect::set(&object, &"minimumFractionDigits".into(), &digits);
        let _ = Reflect::set(&object, &"maximumFractionDigits".into(), &digits);
        for (key, value) in options {
            let _ = Reflect::set(&object, &JsValue::from_str(key), value);
        }
        NumberFormat::new(&self.tag, &object)
            .and_then(|f| f.format(&money.decimal()))
            // Only reachable with a broken Intl; the exact amount is still right.
            .unwrap_or_else(|_| [money.decimal(), " ".into(), money.currency.code()].concat())
    }
}

impl bank_transfer_core::Intl for BrowserIntl {
    fn money(&self, money: &Money) -> String {
        self.number(money, &[("style", "currency".into()), ("currency", money.currency.code().as_str().into())])
    }

    fn plain_amount(&self, money: &Money) -> String {
        self.number(money, &[("useGrouping", false.into())])
    }

    /// No `Intl.DisplayNames` in the browser: the countries of Stripe's bank details are named
    /// from the language tables (`view::country_name`), and any other shows as its code. Its
    /// first call cost ~3 ms of a first render, and its binding ~230 B gz of the module.
    fn region(&self, _code: &str) -> Option<String> {
        None
    }
}
