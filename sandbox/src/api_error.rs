//! Stripe's error object (`{"error": {"type", "code", "message", "param"}}`) with its HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub code: Option<&'static str>,
    pub message: String,
    pub param: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, code: Option<&'static str>, message: impl Into<String>) -> Self {
        ApiError { status, kind, code, message: message.into(), param: None }
    }

    fn param(mut self, param: &str) -> Self {
        self.param = Some(param.to_owned());
        self
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_request_error", None, message)
    }

    pub fn secret_key_required() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "invalid_request_error",
            Some("secret_key_required"),
            "This API call cannot be made with a publishable API key. Please use a secret API key.",
        )
    }

    pub fn missing(param: &str) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            Some("parameter_missing"),
            format!("Missing required param: {param}."),
        )
        .param(param)
    }

    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_request_error", Some("parameter_invalid"), message).param(param)
    }

    pub fn resource_missing(param: &str, kind: &str, id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            Some("resource_missing"),
            format!("No such {kind}: '{id}'"),
        )
        .param(param)
    }

    pub fn unexpected_state(message: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            Some("payment_intent_unexpected_state"),
            message,
        )
    }

    pub fn country_unsupported(country: &str) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            Some("country_unsupported"),
            format!("Bank transfers to a {country} account are not supported: new virtual accounts cannot be created in {country}."),
        )
        .param("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]")
    }

    pub fn rate_limited() -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            Some("payment_method_rate_limit_exceeded"),
            "Too many bank transfer payment requests for this customer. Please try again later or use another payment method.",
        )
    }

    pub fn idempotency(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "idempotency_error", None, message)
    }

    pub fn body(&self) -> serde_json::Value {
        let mut error = json!({ "type": self.kind, "message": self.message });
        if let Some(code) = self.code {
            error["code"] = code.into();
        }
        if let Some(param) = &self.param {
            error["param"] = param.as_str().into();
        }
        json!({ "error": error })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
