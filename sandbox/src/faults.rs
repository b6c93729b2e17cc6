//! Fault switches, for testing what a checkout does when the API misbehaves:
//! `POST /v1/test_helpers/faults` (secret key) arms a fault for the next `times` requests whose
//! method and path match; `DELETE /v1/test_helpers/faults` disarms them all. Stripe has no such
//! endpoint; like `fund_cash_balance`, it lives under `test_helpers`.
//!
//! Parameters: `path` (a prefix, `/v1/payment_intents/`), `method` (any when absent), `status`
//! (an HTTP status; `0` answers normally, after the delay), `times` (default 1), `delay_ms`,
//! `retry_after` (seconds, sent as `Retry-After`), `body=malformed` (half a JSON object instead
//! of Stripe's error object).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::{authenticate, form, require_secret, ApiError, Sandbox};

#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    method: Option<String>,
    path: String,
    status: u16,
    times: u32,
    delay_ms: u64,
    retry_after: Option<u32>,
    malformed: bool,
}

#[derive(Default)]
pub struct Faults(Mutex<Vec<Fault>>);

impl Faults {
    fn arm(&self, fault: Fault) {
        self.lock().push(fault);
    }

    fn clear(&self) {
        self.lock().clear();
    }

    /// The first armed fault for this request, used up once.
    fn take(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut faults = self.lock();
        let index = faults.iter().position(|f| {
            path.starts_with(&f.path) && f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
        })?;
        let fault = faults[index].clone();
        faults[index].times -= 1;
        if faults[index].times == 0 {
            faults.remove(index);
        }
        Some(fault)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `POST` arms, `DELETE` disarms (secret key only).
pub async fn switch(State(sandbox): State<Arc<Sandbox>>, method: Method, headers: HeaderMap, body: Bytes) -> Response {
    let params = form::parse(&body);
    if let Err(e) = authenticate(&sandbox, &headers, &params).and_then(|(caller, _)| require_secret(caller)) {
        return e.into_response();
    }
    if method == Method::DELETE {
        sandbox.faults.clear();
        return Json(json!({ "object": "test_helpers.faults", "armed": 0 })).into_response();
    }
    let number = |name: &str| form::text(&params, &[name]).and_then(|v| v.parse::<u64>().ok());
    let Some(path) = form::text(&params, &["path"]).filter(|p| p.starts_with("/v1/")) else {
        return ApiError::invalid("path", "path must be a prefix of an API path, starting with /v1/").into_response();
    };
    let status = number("status").unwrap_or(500);
    if status != 0 && !(400..=599).contains(&status) {
        return ApiError::invalid("status", "status must be 0 (answer normally) or 400-599").into_response();
    }
    let fault = Fault {
        method: form::text(&params, &["method"]).map(str::to_owned),
        path: path.to_owned(),
        status: status as u16,
        times: number("times").unwrap_or(1).clamp(1, 10_000) as u32,
        delay_ms: number("delay_ms").unwrap_or(0).min(120_000),
        retry_after: number("retry_after").map(|s| s.min(3_600) as u32),
        malformed: form::text(&params, &["body"]) == Some("malformed"),
    };
    sandbox.faults.arm(fault.clone());
    Json(json!({ "object": "test_helpers.fault", "path": fault.path, "status": fault.status, "times": fault.times }))
        .into_response()
}

/// The middleware: an armed fault answers instead of the API (or delays it).
pub async fn inject(State(sandbox): State<Arc<Sandbox>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/v1/test_helpers/faults") || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let Some(fault) = sandbox.faults.take(request.method(), &path) else { return next.run(request).await };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.status == 0 {
        return next.run(request).await;
    }
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = if fault.malformed {
        (status, [(header::CONTENT_TYPE, "application/json")], Body::from("{\"error\": {\"type\": \"api_er"))
            .into_response()
    } else {
        let kind = if status.is_server_error() { "api_error" } else { "invalid_request_error" };
        let code = if status == StatusCode::TOO_MANY_REQUESTS { Some("rate_limit") } else { None };
        let error =
            json!({ "error": { "type": kind, "code": code, "message": "An injected fault (test_helpers/faults)." } });
        (status, Json(error)).into_response()
    };
    if let Some(seconds) = fault.retry_after {
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}
