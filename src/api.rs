//! HTTP for the live checkout: the merchant's backend and the Stripe-compatible API, through the
//! browser's `fetch` with a timeout and an abort on `destroy()`. Answers become the core's JSON
//! tree; failures become the core's typed `Failure`.
//!
//! Not gloo-net: its `std` requirement would cost the package's `no_std` build (2 KB gz) and
//! its request builder more; three requests need only `fetch`, `AbortController` and a timer.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use bank_transfer_core::flow::{Failure, FailureKind};
use bank_transfer_core::Json;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::input::to_json;

/// A backend or an API that does not answer in this time is treated as down (the checkout's
/// `timeoutMs` option changes it).
pub const TIMEOUT_MS: u32 = 15_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;

    #[derive(Clone)]
    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    type FetchResponse;
    #[wasm_bindgen(method, getter)]
    fn status(this: &FetchResponse) -> u16;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &FetchResponse) -> FetchHeaders;

    type FetchHeaders;
    #[wasm_bindgen(method)]
    fn get(this: &FetchHeaders, name: &str) -> Option<String>;
    #[wasm_bindgen(method, catch)]
    fn text(this: &FetchResponse) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &js_sys::Function, ms: i32) -> i32;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: i32);
}

/// The requests in flight, so that `destroy()` can cancel them all.
#[derive(Default)]
pub struct InFlight(RefCell<Vec<AbortController>>);

impl InFlight {
    pub fn abort_all(&self) {
        // Taken out first: an abort runs JS that must not find this borrowed.
        let all = self.0.try_borrow_mut().map(|mut v| core::mem::take(&mut *v)).unwrap_or_default();
        for controller in all {
            controller.abort();
        }
    }

    fn add(&self, c: &AbortController) {
        if let Ok(mut v) = self.0.try_borrow_mut() {
            v.push(c.clone());
        }
    }

    fn remove(&self, c: &AbortController) {
        if let Ok(mut v) = self.0.try_borrow_mut() {
            v.retain(|other| !js_sys::Object::is(other, c));
        }
    }
}

pub enum Body<'a> {
    None,
    Json(&'a str),
    Form(&'a str),
}

/// How to send one request: which failure kind its refusals are, how long to wait, and the
/// `Idempotency-Key` of a POST that must never take effect twice.
pub struct Send<'a> {
    pub kind: FailureKind,
    pub timeout_ms: u32,
    pub idempotency_key: Option<&'a str>,
}

/// Sends a request; `Ok` only for a 2xx answer whose body is JSON.
pub async fn request(
    method: &str,
    url: &str,
    body: Body<'_>,
    in_flight: &InFlight,
    how: Send<'_>,
) -> Result<Json, Failure> {
    let init = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&init, &JsValue::from_str(k), v);
    };
    set("method", &method.into());
    set("credentials", &"same-origin".into());
    // One controller per request: the timeout aborts it, and so does `destroy()`.
    let own = AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let timer = own.as_ref().map(|c| {
        let (c, timed_out) = (c.clone(), timed_out.clone());
        // JS-owned, freed once the timer has fired or been cleared.
        let abort = Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            c.abort();
        })
        .into_js_value();
        set_timeout(abort.unchecked_ref(), how.timeout_ms.min(i32::MAX as u32) as i32)
    });
    if let Some(own) = &own {
        set("signal", &own.signal());
        in_flight.add(own);
    }
    let headers = Object::new();
    match body {
        Body::None => {}
        Body::Json(text) => {
            let _ = Reflect::set(&headers, &"Content-Type".into(), &"application/json".into());
            set("body", &text.into());
        }
        // A "simple" request: no CORS preflight, as Stripe.js sends them.
        Body::Form(text) => {
            let _ = Reflect::set(&headers, &"Content-Type".into(), &"application/x-www-form-urlencoded".into());
            set("body", &text.into());
        }
    }
    if let Some(key) = how.idempotency_key {
        let _ = Reflect::set(&headers, &"Idempotency-Key".into(), &key.into());
    }
    set("headers", &headers);

    let outcome = send(url, &init).await;
    if let Some(id) = timer {
        clear_timeout(id);
    }
    if let Some(own) = &own {
        in_flight.remove(own);
    }
    let (status, retry_after, text) = outcome.map_err(|error| {
        if timed_out.get() {
            Failure::new(FailureKind::Timeout, "no answer in time")
        } else {
            Failure::new(FailureKind::Network, &describe(&error))
        }
    })?;
    let json = js_sys::JSON::parse(&text).ok().and_then(|v| to_json(&v, 0));
    if (200..300).contains(&status) {
        json.ok_or_else(|| Failure::new(FailureKind::BadAnswer, "the answer is not JSON"))
    } else {
        let mut failure = Failure::from_answer(how.kind, status, json.as_ref());
        failure.retry_after_ms = retry_after;
        Err(failure)
    }
}

/// (status, `Retry-After` in ms when given in seconds, body text).
async fn send(url: &str, init: &Object) -> Result<(u16, Option<u32>, String), JsValue> {
    let response: FetchResponse = js_sys::futures::JsFuture::from(fetch(url, init)?).await?.unchecked_into();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(|seconds| seconds.min(3_600).saturating_mul(1_000));
    let text = js_sys::futures::JsFuture::from(response.text()?).await?;
    Ok((status, retry_after, text.as_string().unwrap_or_default()))
}

/// A promise of nothing after `ms`, for waiting between retries.
pub async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms.min(i32::MAX as u32) as i32);
    });
    let _ = js_sys::futures::JsFuture::from(promise).await;
}

/// A number in [0, 1) for jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

fn describe(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| String::from("fetch failed"))
}
