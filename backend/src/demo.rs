//! `POST /api/demo/fund {order, amount, reference}`: the demo's "simulate a bank transfer"
//! panel. Sandbox mode only, and only for the shopper's own order: it calls the sandbox's test
//! helper server-side, so that even the sandbox's secret key stays on the server.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;

use crate::error::ApiError;
use crate::json;
use crate::orders::owned_order;
use crate::stripe::{CashBalanceTransaction, PaymentIntent};
use crate::AppState;

#[derive(Deserialize)]
pub struct FundRequest {
    order: String,
    amount: i64,
    #[serde(default)]
    reference: String,
}

pub async fn fund(
    State(app): State<AppState>,
    headers: HeaderMap,
    json::Json(request): json::Json<FundRequest>,
) -> Result<Json<CashBalanceTransaction>, ApiError> {
    if app.config.stripe.is_some() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Simulated transfers exist only in sandbox mode.",
        ));
    }
    if request.amount <= 0 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "amount must be a positive whole number of minor units.",
        ));
    }
    let shopper = app.identify.shopper(&headers).ok_or_else(ApiError::not_signed_in)?;
    let known =
        owned_order(&app, &request.order, &shopper).await?.ok_or_else(|| ApiError::order_not_found(&request.order))?;
    let Some(intent_id) = known.payment_intent else {
        return Err(ApiError::new(StatusCode::CONFLICT, "busy", "The order's PaymentIntent is still being created."));
    };
    let account = known.account.as_deref();
    let intent: PaymentIntent = app.stripe.get(&format!("/v1/payment_intents/{intent_id}"), account).await?;
    let Some(customer) = intent.customer else {
        return Err(ApiError::new(StatusCode::BAD_GATEWAY, "stripe_unavailable", "The PaymentIntent has no customer."));
    };
    let mut form = vec![("amount", request.amount.to_string()), ("currency", intent.currency)];
    if !request.reference.trim().is_empty() {
        form.push(("reference", request.reference));
    }
    // Each simulated transfer is new by nature: a fresh key.
    let mut nonce = [0u8; 12];
    let _ = getrandom::fill(&mut nonce);
    let key = format!("demo-fund-{}", hex::encode(nonce));
    let path = format!("/v1/test_helpers/customers/{customer}/fund_cash_balance");
    Ok(Json(app.stripe.post(&path, &form, &key, account).await?))
}
