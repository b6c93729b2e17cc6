//! The endpoints: each decodes its typed parameters and runs one operation of the store on the
//! caller's account. What every request shares (credentials, idempotency, events, Stripe's
//! response headers) is in [`api`].

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bank_transfer_core::stripe::API_VERSION;
use serde::Serialize;
use serde_json::Value;

use crate::api_error::ApiError;
use crate::auth::{authenticate, Caller, Context};
use crate::form::{self, decode, Node};
use crate::objects::{Event, PublicPaymentIntent};
use crate::requests::{
    CancelIntentParams, ConfirmIntentParams, CreateIntentParams, CustomerParams, FundParams, RetrieveParams,
};
use crate::store::{random_id, ConfirmInput, Expand, Ledger, INTENT_EXPANDABLE};
use crate::{FirstUse, Sandbox};

/// Stripe refuses bodies this large; so does the sandbox.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// One API request, as read off the wire.
pub struct Incoming {
    method: Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Incoming {
    type Rejection = Response;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Response> {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
            ApiError::invalid("body", "The request body is too large or unreadable.")
                .with_status(StatusCode::PAYLOAD_TOO_LARGE)
                .into_response()
        })?;
        Ok(Incoming {
            method: parts.method,
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
        })
    }
}

/// What an operation answers: the object, and the events it caused.
type Outcome = Result<(Value, Vec<Event>), ApiError>;

fn json(object: impl Serialize) -> Value {
    serde_json::to_value(object).unwrap_or_default()
}

/// Runs `op` on the caller's account: once per `Idempotency-Key` (a retry with the same body
/// gets the first answer again, marked `Idempotent-Replayed`; another body is refused), then
/// delivers its events, with `Request-Id` and `Stripe-Version` on the answer as Stripe sends them.
fn api(sandbox: &Sandbox, request: Incoming, op: impl FnOnce(&Context, Node, &mut Ledger) -> Outcome) -> Response {
    let mut params = form::parse_request(request.query.as_deref(), &request.body);
    let ctx = match authenticate(sandbox, &request.headers, &mut params) {
        Ok(ctx) => ctx,
        Err(error) => return with_stripe_headers(error.into_response(), None, false),
    };
    let idempotency_key = (request.method == Method::POST)
        .then(|| request.headers.get("Idempotency-Key").and_then(|v| v.to_str().ok()))
        .flatten()
        .map(|key| (ctx.key.clone(), ctx.account.clone(), key.to_owned()));
    if let Some(slot) = &idempotency_key {
        if let Some(first) = sandbox.idempotency_lookup(slot) {
            let refusal = if first.path != request.path {
                Some(format!(
                    "Keys for idempotent requests can only be used for the same endpoint they were first used for ('{}' vs '{}'). Try using a key other than '{}' if you meant to execute a different request.",
                    request.path, first.path, slot.2
                ))
            } else if first.body != request.body {
                Some(format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{}' if you meant to execute a different request.",
                    slot.2
                ))
            } else {
                None
            };
            if let Some(message) = refusal {
                return with_stripe_headers(
                    ApiError::idempotency(message).into_response(),
                    ctx.version.as_deref(),
                    false,
                );
            }
            return with_stripe_headers(
                (first.status, Json(first.value)).into_response(),
                ctx.version.as_deref(),
                true,
            );
        }
    }
    let outcome = {
        let mut ledgers = sandbox.ledgers();
        match ledgers.get_mut(&ctx.account) {
            Some(ledger) => op(&ctx, params, ledger),
            None => Err(ApiError::account_invalid(&crate::auth::redact(&ctx.key), &ctx.account)),
        }
    };
    let (status, value) = match outcome {
        Ok((value, events)) => {
            sandbox.send(events);
            (StatusCode::OK, value)
        }
        Err(error) => (error.status, error.body()),
    };
    if let Some(slot) = idempotency_key {
        let first = FirstUse { path: request.path.clone(), body: request.body.clone(), status, value: value.clone() };
        sandbox.idempotency_store(slot, first);
    }
    with_stripe_headers((status, Json(value)).into_response(), ctx.version.as_deref(), false)
}

fn with_stripe_headers(mut response: Response, version: Option<&str>, replayed: bool) -> Response {
    let headers = response.headers_mut();
    if let Ok(id) = HeaderValue::from_str(&random_id("req_", 14)) {
        headers.insert("Request-Id", id);
    }
    if let Ok(version) = HeaderValue::from_str(version.unwrap_or(API_VERSION)) {
        headers.insert("Stripe-Version", version);
    }
    if replayed {
        headers.insert("Idempotent-Replayed", HeaderValue::from_static("true"));
    }
    response
}

/// A publishable key sees an intent only with its client secret, and then only the public
/// fields (stripe-js' `PaymentIntent`).
fn check_client_secret(ctx: &Context, secret: Option<&str>, intent_secret: &str) -> Result<(), ApiError> {
    match (ctx.caller, secret) {
        (Caller::Secret, _) => Ok(()),
        (Caller::Publishable, None) => Err(ApiError::missing("client_secret")),
        (Caller::Publishable, Some(given)) if given == intent_secret => Ok(()),
        (Caller::Publishable, Some(_)) => Err(ApiError::wrong_client_secret()),
    }
}

fn as_seen_by(ctx: &Context, intent: crate::objects::PaymentIntent) -> Value {
    match ctx.caller {
        Caller::Secret => json(intent),
        Caller::Publishable => json(PublicPaymentIntent::from(intent)),
    }
}

pub async fn create_customer(State(sandbox): State<Arc<Sandbox>>, request: Incoming) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        let (customer, events) = ledger.create_customer(decode::<CustomerParams>(&params)?)?;
        Ok((json(customer), events))
    })
}

pub async fn retrieve_customer(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    request: Incoming,
) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        let params: ExpandOnly = decode(&params)?;
        let expand = Expand::of(params.expand.as_deref(), &["cash_balance"])?;
        Ok((json(ledger.customer(&id)?.object(expand)), Vec::new()))
    })
}

pub async fn update_customer(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    request: Incoming,
) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        // `email=`, `address=`… unset the field, which an optional struct cannot tell from no value.
        let unset: Vec<String> = match &params {
            Node::Map(map) => {
                map.iter().filter(|(_, v)| matches!(v, Node::Str(s) if s.is_empty())).map(|(k, _)| k.clone()).collect()
            }
            _ => Vec::new(),
        };
        let params: CustomerParams = decode(&params)?;
        if params.tax_id_data.is_some() {
            return Err(ApiError::unknown_parameter("tax_id_data"));
        }
        let (customer, events) = ledger.update_customer(&id, params, &unset)?;
        Ok((json(customer), events))
    })
}

#[derive(serde::Deserialize)]
struct ExpandOnly {
    expand: Option<Vec<String>>,
}

pub async fn create_intent(State(sandbox): State<Arc<Sandbox>>, request: Incoming) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        let (intent, events) = ledger.create_intent(decode::<CreateIntentParams>(&params)?)?;
        Ok((json(intent), events))
    })
}

pub async fn retrieve_intent(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    request: Incoming,
) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        let params: RetrieveParams = decode(&params)?;
        let expand = Expand::of(params.expand.as_deref(), &INTENT_EXPANDABLE)?;
        let intent = ledger.intent(&id)?;
        check_client_secret(ctx, params.client_secret.as_deref(), &intent.client_secret)?;
        Ok((as_seen_by(ctx, ledger.intent_object(intent, expand)), Vec::new()))
    })
}

pub async fn confirm_intent(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    request: Incoming,
) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        let params: ConfirmIntentParams = decode(&params)?;
        let expand = Expand::of(params.expand.as_deref(), &INTENT_EXPANDABLE)?;
        // The client secret is checked before anything changes.
        check_client_secret(ctx, params.client_secret.as_deref(), &ledger.intent(&id)?.client_secret)?;
        let input = ConfirmInput {
            payment_method: params.payment_method,
            payment_method_data: params.payment_method_data,
            payment_method_options: params.payment_method_options,
            return_url: params.return_url,
            receipt_email: params.receipt_email,
        };
        let (intent, events) = ledger.confirm_intent(&id, input, expand)?;
        Ok((as_seen_by(ctx, intent), events))
    })
}

pub async fn cancel_intent(State(sandbox): State<Arc<Sandbox>>, Path(id): Path<String>, request: Incoming) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        let params: CancelIntentParams = decode(&params)?;
        let expand = Expand::of(params.expand.as_deref(), &INTENT_EXPANDABLE)?;
        let (intent, events) = ledger.cancel_intent(&id, params.cancellation_reason, expand)?;
        Ok((json(intent), events))
    })
}

pub async fn fund_cash_balance(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    request: Incoming,
) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        let (transaction, events) = ledger.fund(&id, decode::<FundParams>(&params)?)?;
        Ok((json(transaction), events))
    })
}

pub async fn retrieve_account(State(sandbox): State<Arc<Sandbox>>, request: Incoming) -> Response {
    api(&sandbox, request, |ctx, params, ledger| {
        ctx.require_secret()?;
        let _: ExpandOnly = decode(&params)?;
        Ok((json(ledger.account_object()), Vec::new()))
    })
}

/// Any other URL under `/v1`, in Stripe's words.
pub async fn not_found(method: Method, request: Incoming) -> Response {
    if method == Method::OPTIONS {
        return StatusCode::NO_CONTENT.into_response();
    }
    with_stripe_headers(ApiError::unrecognized_url(method.as_str(), &request.path).into_response(), None, false)
}
