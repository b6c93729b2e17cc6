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

/// A backend or an API that does not answer in this time is treated as down.
pub const TIMEOUT_MS: i32 = 15_000;

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

/// Sends a request; `Ok` only for a 2xx answer whose body is JSON.
pub async fn request(
    method: &str,
    url: &str,
    body: Body<'_>,
    in_flight: &InFlight,
    kind: FailureKind,
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
        set_timeout(abort.unchecked_ref(), TIMEOUT_MS)
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
    set("headers", &headers);

    let outcome = send(url, &init).await;
    if let Some(id) = timer {
        clear_timeout(id);
    }
    if let Some(own) = &own {
        in_flight.remove(own);
    }
    let (status, text) = outcome.map_err(|error| {
        if timed_out.get() {
            Failure::new(FailureKind::Timeout, "no answer within 15 s")
        } else {
            Failure::new(FailureKind::Network, &describe(&error))
        }
    })?;
    let json = js_sys::JSON::parse(&text).ok().and_then(|v| to_json(&v, 0));
    if (200..300).contains(&status) {
        json.ok_or_else(|| Failure::new(FailureKind::BadAnswer, "the answer is not JSON"))
    } else {
        Err(Failure::from_answer(kind, status, json.as_ref()))
    }
}

async fn send(url: &str, init: &Object) -> Result<(u16, String), JsValue> {
    let response: FetchResponse = js_sys::futures::JsFuture::from(fetch(url, init)?).await?.unchecked_into();
    let status = response.status();
    let text = js_sys::futures::JsFuture::from(response.text()?).await?;
    Ok((status, text.as_string().unwrap_or_default()))
}

fn describe(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| String::from("fetch failed"))
}
