//! Core errors as JS `Error`s with a stable `code` property, so merchants can
//! `catch (e) { if (e.code === "invalid_next_action") … }`.

use alloc::string::String;
use bank_transfer_core::{Error, ErrorCode};
use wasm_bindgen::JsValue;

pub fn to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("BankTransferError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code.as_str().into());
    js.into()
}

pub fn js_error(code: ErrorCode, message: impl Into<String>) -> JsValue {
    to_js(Error::new(code, message))
}
