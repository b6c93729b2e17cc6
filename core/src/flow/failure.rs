//! Why a request failed, with a stable code for the merchant (`banktransfer:error` detail)
//! and a sentence for the customer in their language.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::i18n::{CheckoutMsg as Msg, Lang};
use crate::json::Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No answer: offline, DNS, CORS, refused connection.
    Network,
    /// No answer in time.
    Timeout,
    /// Stripe (or the sandbox) answered with its error object.
    Stripe,
    /// The merchant's backend refused or answered something unusable.
    Backend,
    /// An answer that is not what the API documents.
    BadAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// Stripe's `error.code` (`resource_missing`…) or the backend's, when there is one.
    pub code: Option<String>,
    /// For the merchant's developer (English, from the API where it said something).
    pub message: String,
    pub http_status: u16,
    /// The server's `Retry-After`, when it sent one (429, 503).
    pub retry_after_ms: Option<u32>,
}

impl Failure {
    pub fn new(kind: FailureKind, message: &str) -> Failure {
        Failure { kind, code: None, message: message.to_owned(), http_status: 0, retry_after_ms: None }
    }

    /// From an error answer `{"error": {"type", "code", "message", "param"}}` (Stripe's shape;
    /// our backend uses the same).
    pub fn from_answer(kind: FailureKind, http_status: u16, body: Option<&Json>) -> Failure {
        let error = body.and_then(|b| b.get("error"));
        let field = |name: &str| error.and_then(|e| e.get(name)).and_then(Json::as_str).map(str::to_owned);
        Failure {
            kind,
            code: field("code"),
            message: field("message").unwrap_or_else(|| ["HTTP status ", status_text(http_status)].concat()),
            http_status,
            retry_after_ms: None,
        }
    }

    /// Worth asking again, the same question, later: no answer, no answer in time, an
    /// unreadable answer (a proxy's error page), a server error, or "too many requests" — but
    /// not Stripe's `payment_method_rate_limit_exceeded`, whose advice is another payment
    /// method, nor any other refusal (a 4xx says the question itself is wrong).
    pub fn retryable(&self) -> bool {
        match self.kind {
            FailureKind::Network | FailureKind::Timeout | FailureKind::BadAnswer => true,
            FailureKind::Stripe | FailureKind::Backend => {
                self.http_status >= 500
                    || self.http_status == 408
                    || (self.http_status == 429 && self.code.as_deref() != Some("payment_method_rate_limit_exceeded"))
            }
        }
    }

    /// The stable code merchants see in `banktransfer:error`'s detail.
    pub fn code(&self) -> &str {
        match (&self.code, self.kind) {
            (Some(code), _) => code,
            (None, FailureKind::Network) => "network_error",
            (None, FailureKind::Timeout) => "timeout",
            (None, FailureKind::BadAnswer) => "invalid_response",
            (None, FailureKind::Backend) => "backend_error",
            (None, FailureKind::Stripe) => "api_error",
        }
    }

    /// What to tell the customer, following Stripe's guide where it has advice.
    pub fn customer_message(&self, lang: Lang) -> &'static str {
        let msg = match (self.kind, self.code.as_deref()) {
            (FailureKind::Network, _) => Msg::ErrorNetwork,
            (FailureKind::Timeout, _) => Msg::ErrorTimeout,
            // Stripe: suggest another payment method.
            (_, Some("payment_method_rate_limit_exceeded" | "rate_limit")) => Msg::ErrorRateLimited,
            (_, Some("resource_missing" | "order_not_found")) => Msg::ErrorNotFound,
            (_, Some("payment_intent_unexpected_state")) => Msg::ErrorUnexpectedState,
            (_, Some("country_unsupported")) => Msg::ErrorCountry,
            // Our backend: Stripe refused to open the payment (its code is in the shop's log).
            (_, Some("payment_unavailable")) => Msg::ErrorUnavailable,
            _ => Msg::ErrorGeneric,
        };
        lang.text(msg)
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        400 => "400",
        401 => "401",
        402 => "402",
        403 => "403",
        404 => "404",
        409 => "409",
        429 => "429",
        500 => "500",
        502 => "502",
        503 => "503",
        _ => "error",
    }
}
