//! `POST /webhook`: Stripe's events, verified, stored once, applied to the order (never
//! moving it backwards: events arrive in any order, some twice).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::clock::now;
use crate::error::ApiError;
use crate::signature::{verify, SignatureError};
use crate::stripe::IntentState;
use crate::AppState;

/// The part of an event the backend reads.
#[derive(Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: Option<EventData>,
}

#[derive(Deserialize)]
struct EventData {
    object: serde_json::Value,
}

#[derive(Serialize)]
pub struct Received {
    received: bool,
    duplicate: bool,
}

fn invalid(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

pub async fn webhook(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<Received>, ApiError> {
    let header = headers.get("Stripe-Signature").and_then(|v| v.to_str().ok());
    if let Err(e) = verify(header, &body, &app.config.webhook_secret, now()) {
        let message = match e {
            SignatureError::Missing => "No Stripe-Signature header.",
            SignatureError::Malformed => "The Stripe-Signature header has no timestamp or no v1 signature.",
            SignatureError::Stale => "The signature's timestamp is more than 300 seconds away.",
            SignatureError::Mismatch => "No v1 signature matches the payload.",
        };
        return Err(invalid("invalid_signature", message));
    }
    let event: Event = match serde_json::from_slice::<serde_json::Value>(&body) {
        Err(_) => return Err(invalid("invalid_payload", "The event is not JSON.")),
        Ok(value) => {
            serde_json::from_value(value).map_err(|_| invalid("invalid_payload", "The event has no id or type."))?
        }
    };
    let object = event.data.map(|d| d.object).unwrap_or_default();
    let is_intent = object.get("object").and_then(|o| o.as_str()) == Some("payment_intent");
    let intent = if is_intent { serde_json::from_value::<IntentState>(object).ok() } else { None };
    // The state first, then the event: a process killed in between leaves the event unrecorded,
    // so Stripe's retry applies it again — harmless, updates only ever move an order forward.
    let applies = matches!(
        event.kind.as_str(),
        "payment_intent.requires_action"
            | "payment_intent.partially_funded"
            | "payment_intent.succeeded"
            | "payment_intent.canceled"
    );
    if let (Some(intent), true) = (&intent, applies) {
        app.db.update_status(&intent.id, &intent.status, intent.amount_remaining()).await?;
    }
    let first_time = app.db.record_event(&event.id, &event.kind, intent.as_ref().map(|i| i.id.as_str()), now()).await?;
    // Duplicates get a 2xx too, or Stripe would keep retrying them.
    Ok(Json(Received { received: true, duplicate: !first_time }))
}
