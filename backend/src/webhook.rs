//! `POST /webhook`: Stripe's events, verified, stored once, applied to the order (never
//! moving it backwards: events arrive in any order, some twice).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::checkout::error;
use crate::signature::{verify, SignatureError};
use crate::AppState;

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

pub async fn webhook(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let header = headers.get("Stripe-Signature").and_then(|v| v.to_str().ok());
    if let Err(e) = verify(header, &body, &app.config.webhook_secret, now()) {
        let message = match e {
            SignatureError::Missing => "No Stripe-Signature header.",
            SignatureError::Malformed => "The Stripe-Signature header has no timestamp or no v1 signature.",
            SignatureError::Stale => "The signature's timestamp is more than 300 seconds away.",
            SignatureError::Mismatch => "No v1 signature matches the payload.",
        };
        return error(StatusCode::BAD_REQUEST, "invalid_signature", message);
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "invalid_payload", "The event is not JSON.");
    };
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return error(StatusCode::BAD_REQUEST, "invalid_payload", "The event has no id or type.");
    };
    let object = &event["data"]["object"];
    let intent = object["id"].as_str().filter(|_| object["object"] == "payment_intent");
    // The state first, then the event: a process killed in between leaves the event unrecorded,
    // so Stripe's retry applies it again — harmless, updates only ever move an order forward.
    if let (
        Some(intent),
        "payment_intent.requires_action" | "payment_intent.partially_funded" | "payment_intent.succeeded",
    ) = (intent, kind)
    {
        let status = object["status"].as_str().unwrap_or("requires_action");
        let remaining = object["next_action"]["display_bank_transfer_instructions"]["amount_remaining"].as_i64();
        let remaining = if status == "succeeded" { Some(0) } else { remaining };
        if let Err(e) = app.db.update_status(intent, status, remaining).await {
            return e.into_response();
        }
    }
    let first_time = match app.db.record_event(id, kind, intent, now()).await {
        Ok(first) => first,
        Err(e) => return e.into_response(),
    };
    // Duplicates get a 2xx too, or Stripe would keep retrying them.
    Json(json!({ "received": true, "duplicate": !first_time })).into_response()
}
