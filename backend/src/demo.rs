//! `POST /api/demo/fund {order, amount, reference}`: the demo's "simulate a bank transfer"
//! panel. Sandbox mode only: it calls the sandbox's test helper server-side, so that even the
//! sandbox's secret key stays on the server.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use crate::checkout::error;
use crate::AppState;

pub async fn fund(State(app): State<AppState>, body: axum::body::Bytes) -> Response {
    if app.config.stripe.is_some() {
        return error(StatusCode::NOT_FOUND, "not_found", "Simulated transfers exist only in sandbox mode.");
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "invalid_request", "Send JSON {order, amount, reference}.");
    };
    let order = request["order"].as_str().unwrap_or_default();
    let Some(amount) = request["amount"].as_i64().filter(|a| *a > 0) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount must be a positive whole number of minor units.",
        );
    };
    let reference = request["reference"].as_str().unwrap_or_default();
    let known = match app.db.order(order).await {
        Ok(Some(known)) => known,
        Ok(None) => return error(StatusCode::NOT_FOUND, "order_not_found", format!("There is no order {order:?}.")),
        Err(e) => return e.into_response(),
    };
    let Some(intent_id) = known.payment_intent else {
        return error(StatusCode::CONFLICT, "busy", "The order's PaymentIntent is still being created.");
    };
    let intent = match app.stripe.get(&format!("/v1/payment_intents/{intent_id}")).await {
        Ok(intent) => intent,
        Err(e) => return error(StatusCode::BAD_GATEWAY, e.code.as_deref().unwrap_or("stripe_error"), e.message),
    };
    let (Some(customer), Some(currency)) = (intent["customer"].as_str(), intent["currency"].as_str()) else {
        return error(StatusCode::BAD_GATEWAY, "stripe_error", "The PaymentIntent has no customer.");
    };
    let amount = amount.to_string();
    let mut form = vec![("amount", amount.as_str()), ("currency", currency)];
    if !reference.trim().is_empty() {
        form.push(("reference", reference));
    }
    let idempotency = format!("demo-fund-{}", crate::stripe::random_key());
    match app
        .stripe
        .post(&format!("/v1/test_helpers/customers/{customer}/fund_cash_balance"), &form, &idempotency)
        .await
    {
        Ok(transaction) => Json(transaction).into_response(),
        Err(e) => error(StatusCode::BAD_GATEWAY, e.code.as_deref().unwrap_or("stripe_error"), e.message),
    }
}
