//! Stripe's error object (`{"error": {"type", "code", "param", "message", "doc_url"}}`) with its
//! HTTP status: 400 for a bad request, 401 for a missing or wrong key, 403 for a key that may not
//! do this, 404 for an unknown object or URL.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::form::one_of;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub code: Option<&'static str>,
    pub message: String,
    pub param: Option<String>,
}

/// The body Stripe sends.
#[derive(Serialize)]
struct Body<'a> {
    error: Object<'a>,
}

#[derive(Serialize)]
struct Object<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_url: Option<String>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    param: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'a str,
}

const BAD: StatusCode = StatusCode::BAD_REQUEST;
const INVALID: &str = "invalid_request_error";

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, code: Option<&'static str>, message: impl Into<String>) -> Self {
        ApiError { status, kind, code, message: message.into(), param: None }
    }

    pub fn with_param(mut self, param: &str) -> Self {
        self.param = Some(param.to_owned());
        self
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The same error, worded otherwise.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn parameters_exclusive(params: &[&str]) -> Self {
        ApiError::new(
            BAD,
            INVALID,
            Some("parameters_exclusive"),
            format!("You may only specify one of these parameters: {}.", params.join(", ")),
        )
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, INVALID, None, message)
    }

    pub fn secret_key_required() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            INVALID,
            Some("secret_key_required"),
            "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        )
    }

    /// A `Stripe-Account` (or `_stripe_account`) the key has no access to.
    pub fn account_invalid(redacted_key: &str, account: &str) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            INVALID,
            Some("account_invalid"),
            format!("The provided key '{redacted_key}' does not have access to account '{account}' (or that account does not exist). Application access may have been revoked."),
        )
    }

    pub fn missing(param: &str) -> Self {
        ApiError::new(BAD, INVALID, Some("parameter_missing"), format!("Missing required param: {param}."))
            .with_param(param)
    }

    pub fn unknown_parameter(param: &str) -> Self {
        ApiError::new(BAD, INVALID, Some("parameter_unknown"), format!("Received unknown parameter: {param}"))
            .with_param(param)
    }

    pub fn invalid_integer(param: &str, value: &str) -> Self {
        ApiError::new(BAD, INVALID, Some("parameter_invalid_integer"), format!("Invalid integer: {value}"))
            .with_param(param)
    }

    pub fn invalid_empty(param: &str) -> Self {
        ApiError::new(
            BAD,
            INVALID,
            Some("parameter_invalid_empty"),
            format!("You passed an empty string for '{param}'. We assume empty values are an attempt to unset a parameter; however '{param}' cannot be unset. You should remove '{param}' from your request or supply a non-empty value."),
        )
        .with_param(param)
    }

    /// A value Stripe refuses without a specific code (an unknown enum value, a wrong shape).
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        ApiError::new(BAD, INVALID, None, message).with_param(param)
    }

    /// One of a fixed list, as Stripe words it.
    pub fn not_one_of(param: &str, allowed: &[&str]) -> Self {
        ApiError::invalid(param, format!("Invalid {param}: must be one of {}", one_of(allowed)))
    }

    pub fn resource_missing(param: &str, kind: &str, id: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, INVALID, Some("resource_missing"), format!("No such {kind}: '{id}'"))
            .with_param(param)
    }

    pub fn unrecognized_url(method: &str, path: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            INVALID,
            None,
            format!("Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."),
        )
    }

    pub fn unexpected_state(message: impl Into<String>) -> Self {
        ApiError::new(BAD, INVALID, Some("payment_intent_unexpected_state"), message)
    }

    /// A client secret that is not this intent's.
    pub fn wrong_client_secret() -> Self {
        ApiError::new(
            BAD,
            INVALID,
            Some("payment_intent_invalid_parameter"),
            "The client_secret provided does not match any associated PaymentIntent on this account. Ensure the publishable key used belongs to the same account that created the PaymentIntent.",
        )
        .with_param("client_secret")
    }

    pub fn payment_intent_invalid_parameter(param: &str, message: impl Into<String>) -> Self {
        ApiError::new(BAD, INVALID, Some("payment_intent_invalid_parameter"), message).with_param(param)
    }

    pub fn country_unsupported(param: &str, message: impl Into<String>) -> Self {
        ApiError::new(BAD, INVALID, Some("country_unsupported"), message).with_param(param)
    }

    pub fn rate_limited() -> Self {
        ApiError::new(
            BAD,
            INVALID,
            Some("payment_method_rate_limit_exceeded"),
            "Too many bank transfer payment requests for this customer. Please try again later or use another payment method.",
        )
    }

    /// What a fault switch answers instead of the API (`test_helpers/faults`).
    pub fn injected(status: StatusCode) -> Self {
        let kind = if status.is_server_error() { "api_error" } else { INVALID };
        let code = (status == StatusCode::TOO_MANY_REQUESTS).then_some("rate_limit");
        ApiError::new(status, kind, code, "An injected fault (test_helpers/faults).")
    }

    pub fn idempotency(message: impl Into<String>) -> Self {
        ApiError::new(BAD, "idempotency_error", None, message)
    }

    pub fn cannot_expand(field: &str) -> Self {
        ApiError::new(BAD, INVALID, None, format!("This property cannot be expanded ({field}).")).with_param("expand")
    }

    /// Stripe's page for the code: `docs.stripe.com/error-codes/resource-missing`.
    fn doc_url(&self) -> Option<String> {
        self.code.map(|code| format!("https://docs.stripe.com/error-codes/{}", code.replace('_', "-")))
    }

    pub fn body(&self) -> serde_json::Value {
        let body = Body {
            error: Object {
                code: self.code,
                doc_url: self.doc_url(),
                message: &self.message,
                param: self.param.as_deref(),
                kind: self.kind,
            },
        };
        serde_json::to_value(body).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
