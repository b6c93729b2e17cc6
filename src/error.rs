//! Core errors as JS `Error`s with a stable `code` property, so merchants can
//! `catch (e) { if (e.code === "invalid_next_action") … }`.

use alloc::string::String;
use bank_transfer_core::{Error, ErrorCode};
use wasm_bindgen::JsValue;

pub fn to_js(error: Error) -> JsValue {
    coded_error(error.code.as_str(), &error.message)
}

/// A `BankTransferError` with any stable code (the checkout passes Stripe's codes through).
pub fn coded_error(code: &str, message: &str) -> JsValue {
    let js = js_sys::Error::new(message);
    js.set_name("BankTransferError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &code.into());
    js.into()
}

pub fn js_error(code: ErrorCode, message: impl Into<String>) -> JsValue {
    to_js(Error::new(code, message))
}
