//! Performs the state machine's requests through gloo-net (the browser's `fetch`), each with a
//! timeout and an abort on `destroy()`. Answers become the core's JSON tree; failures the core's
//! typed `Failure`.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use bank_transfer_core::flow::checkout::{Body, Request};
use bank_transfer_core::flow::{Failure, FailureKind};
use bank_transfer_core::Json;
use gloo_net::http::RequestBuilder;
use gloo_timers::callback::Timeout;
use web_sys::AbortController;

use crate::input::to_json;

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

/// Sends `request`; `Ok` only for a 2xx answer whose body is JSON.
pub async fn send(request: &Request, in_flight: &InFlight) -> Result<Json, Failure> {
    // The query goes through gloo-net's `query()`: a URL that already has one gets a stray `&`.
    let (path, query) = split_query(&request.url);
    let builder = match request.method {
        "POST" => gloo_net::http::Request::post(path),
        _ => gloo_net::http::Request::get(path),
    }
    .query(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // One controller per request: the timeout aborts it, and so does `destroy()`.
    let controller = AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let _timeout = controller.as_ref().map(|c| {
        let (c, timed_out) = (c.clone(), timed_out.clone());
        // Dropped (cleared) when this function returns.
        Timeout::new(request.timeout_ms, move || {
            timed_out.set(true);
            c.abort();
        })
    });
    if let Some(c) = &controller {
        in_flight.add(c);
    }
    let outcome = fetch(builder.abort_signal(controller.as_ref().map(|c| c.signal()).as_ref()), &request.body).await;
    if let Some(c) = &controller {
        in_flight.remove(c);
    }
    let (status, retry_after, text) = outcome.map_err(|error| {
        if timed_out.get() {
            Failure::new(FailureKind::Timeout, "no answer in time")
        } else {
            Failure::new(FailureKind::Network, &error)
        }
    })?;
    let json = js_sys::JSON::parse(&text).ok().and_then(|v| to_json(&v, 0));
    if (200..300).contains(&status) {
        json.ok_or_else(|| Failure::new(FailureKind::BadAnswer, "the answer is not JSON"))
    } else {
        let mut failure = Failure::from_answer(request.kind, status, json.as_ref());
        failure.retry_after_ms = retry_after;
        Err(failure)
    }
}

/// `path?a=1&b=2` → (`path`, [(a, 1), (b, 2)]), decoded.
fn split_query(url: &str) -> (&str, Vec<(String, String)>) {
    let Some((path, query)) = url.split_once('?') else { return (url, Vec::new()) };
    let decode = |part: &str| {
        let spaced = part.replace('+', " ");
        js_sys::decode_uri_component(&spaced).map(String::from).unwrap_or(spaced)
    };
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    (path, pairs)
}

/// (status, `Retry-After` in ms when given in seconds, body text), or why there is no answer.
/// A body is sent with the one header a simple request may carry, `Content-Type`: no CORS
/// preflight, as Stripe.js sends them.
async fn fetch(builder: RequestBuilder, body: &Body) -> Result<(u16, Option<u32>, String), String> {
    let request = match body {
        Body::None => builder.build(),
        Body::Json(text) => builder.header("Content-Type", "application/json").body(text.as_str()),
        Body::Form(text) => builder.header("Content-Type", "application/x-www-form-urlencoded").body(text.as_str()),
    };
    let response = request.map_err(|e| e.to_string())?.send().await.map_err(|e| e.to_string())?;
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(|seconds| seconds.min(3_600).saturating_mul(1_000));
    let text = response.text().await.map_err(|e| e.to_string())?;
    Ok((response.status(), retry_after, text))
}
