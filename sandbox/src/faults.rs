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
use serde::{Deserialize, Serialize};

use crate::auth::authenticate;
use crate::form::{self, decode};
use crate::{ApiError, Sandbox};

/// What arming (or disarming) answers.
#[derive(Serialize)]
struct Armed {
    object: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    times: u32,
}

#[derive(Deserialize)]
struct FaultParams {
    path: Option<String>,
    method: Option<String>,
    status: Option<u64>,
    times: Option<u64>,
    delay_ms: Option<u64>,
    retry_after: Option<u64>,
    body: Option<String>,
}

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
    let mut params = form::parse(&body);
    let params = authenticate(&sandbox, &headers, &mut params)
        .and_then(|ctx| ctx.require_secret())
        .and_then(|()| decode::<FaultParams>(&params));
    let params = match params {
        Ok(params) => params,
        Err(e) => return e.into_response(),
    };
    if method == Method::DELETE {
        sandbox.faults.clear();
        return Json(Armed { object: "test_helpers.faults", path: None, status: None, times: 0 }).into_response();
    }
    let Some(path) = params.path.filter(|p| p.starts_with("/v1/")) else {
        return ApiError::invalid("path", "path must be a prefix of an API path, starting with /v1/").into_response();
    };
    let status = params.status.unwrap_or(500);
    if status != 0 && !(400..=599).contains(&status) {
        return ApiError::invalid("status", "status must be 0 (answer normally) or 400-599").into_response();
    }
    let fault = Fault {
        method: params.method,
        path,
        status: status as u16,
        times: params.times.unwrap_or(1).clamp(1, 10_000) as u32,
        delay_ms: params.delay_ms.unwrap_or(0).min(120_000),
        retry_after: params.retry_after.map(|s| s.min(3_600) as u32),
        malformed: params.body.as_deref() == Some("malformed"),
    };
    sandbox.faults.arm(fault.clone());
    Json(Armed { object: "test_helpers.fault", path: Some(fault.path), status: Some(fault.status), times: fault.times })
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
        ApiError::injected(status).into_response()
    };
    if let Some(seconds) = fault.retry_after {
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}
