//! The backend's one error type: every refusal is `{"error": {"code", "message"}}` with its
//! HTTP status, the same shape as Stripe's (the browser module reads both alike).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::orders::OrderError;
use crate::store::StoreError;
use crate::stripe::StripeError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds, sent as `Retry-After` (429, 503).
    pub retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Object<'a>,
}

#[derive(Serialize)]
struct Object<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }

    pub fn with_retry_after(mut self, seconds: u64) -> ApiError {
        self.retry_after = Some(seconds);
        self
    }

    /// An unknown order and someone else's order get the same answer: order ids must not
    /// reveal which orders exist.
    pub fn order_not_found(order: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "order_not_found", format!("There is no order {order:?}."))
    }
}

impl ApiError {
    /// No session: the merchant's identity function knows nobody.
    pub fn not_signed_in() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "not_signed_in", "There is no shopper session: reload the shop's page.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(Body { error: Object { code: self.code, message: &self.message } })).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A 500 for the client, which learns nothing of the schema; the detail goes to the operator's
/// log (it never holds the database URL or a key).
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        eprintln!("bank-transfer-backend: database error: {e}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "database_error", "The order store is unavailable; try again.")
    }
}

/// Stripe's refusal reaches the customer as a sentence (the browser module words
/// `payment_unavailable` in the customer's language) and the merchant's log as Stripe's own
/// code, message and request id. Stripe being unreachable or failing is worth a retry (502);
/// a refusal is not (422).
impl From<StripeError> for ApiError {
    fn from(e: StripeError) -> ApiError {
        eprintln!("bank-transfer-backend: Stripe: {e}");
        match e.status {
            Some(status) if status < 500 && status != 429 => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "payment_unavailable",
                "Bank transfer is not available for this order right now. Please choose another payment method or contact the shop.",
            ),
            _ => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "stripe_unavailable",
                "The payment service did not answer. Please try again.",
            ),
        }
    }
}

impl From<OrderError> for ApiError {
    fn from(e: OrderError) -> ApiError {
        match e {
            OrderError::NotFound(order) => ApiError::order_not_found(&order),
            OrderError::Busy => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "The order is still being prepared; try again.")
            }
            OrderError::Store(e) => e.into(),
            OrderError::Stripe(e) => e.into(),
        }
    }
}
