//! An offline stand-in for the slice of Stripe's API that bank-transfer checkout uses, with
//! Stripe's request and response shapes: form-encoded bodies with bracket keys, Stripe error
//! objects, secret- and publishable-key auth, idempotency keys and signed webhooks.
//!
//! ```no_run
//! # async fn run() {
//! let sandbox = bank_transfer_sandbox::Sandbox::new(bank_transfer_sandbox::Config::default());
//! let app = bank_transfer_sandbox::router(sandbox);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
//! axum::serve(listener, app).await.unwrap();
//! # }
//! ```

pub mod accounts;
mod api_error;
mod faults;
pub mod form;
mod store;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::Value;

pub use api_error::ApiError;
use store::Store;
pub use store::{random_id, transfer_type_for};
pub use webhooks::Endpoint;

#[derive(Clone, Debug)]
pub struct Config {
    pub secret_key: String,
    pub publishable_key: String,
    /// Shown as the account holder of the virtual accounts, like a Stripe account's name.
    pub account_name: String,
    /// Where to send signed events; none means no webhooks.
    pub webhook: Option<Endpoint>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secret_key: "sk_test_sandbox".into(),
            publishable_key: "pk_test_sandbox".into(),
            account_name: "Sandbox Shop".into(),
            webhook: None,
        }
    }
}

/// (API key, method and path, Idempotency-Key) → (request body, status, response).
type IdempotencyCache = HashMap<(String, String, String), (Bytes, StatusCode, Value)>;

pub struct Sandbox {
    config: Config,
    store: Mutex<Store>,
    idempotency: Mutex<IdempotencyCache>,
    webhooks: Option<webhooks::Deliverer>,
    faults: faults::Faults,
}

impl Sandbox {
    pub fn new(config: Config) -> Arc<Sandbox> {
        Arc::new(Sandbox {
            store: Mutex::new(Store::new(&config.account_name)),
            webhooks: config.webhook.clone().map(webhooks::Deliverer::new),
            config,
            idempotency: Mutex::new(HashMap::new()),
            faults: faults::Faults::default(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every PaymentIntent created so far, as (id, `metadata[order]`): what a test counts to
    /// prove one intent per order (Stripe's dashboard, offline).
    pub fn intents_by_order(&self) -> Vec<(String, Option<String>)> {
        self.store().intents.iter().map(|i| (i.id.clone(), i.order().map(str::to_owned))).collect()
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock would be a bug; the state is still usable after it.
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn send(&self, events: Vec<Value>) {
        if let Some(webhooks) = &self.webhooks {
            webhooks.send(events);
        }
    }
}

/// The routes, all under `/v1` (no fallback, so a host app can merge them), with permissive
/// CORS: Stripe's API answers browsers too.
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .route("/v1/customers", post(create_customer).options(preflight))
        .route("/v1/payment_intents", post(create_intent).options(preflight))
        .route("/v1/payment_intents/{id}", get(retrieve_intent).options(preflight))
        .route("/v1/payment_intents/{id}/confirm", post(confirm_intent).options(preflight))
        .route("/v1/test_helpers/customers/{id}/fund_cash_balance", post(fund_cash_balance).options(preflight))
        .route("/v1/test_helpers/faults", post(faults::switch).delete(faults::switch).options(preflight))
        .route("/v1/{*rest}", any(not_found))
        .layer(axum::middleware::from_fn_with_state(sandbox.clone(), faults::inject))
        .layer(axum::middleware::map_response(cors))
        .with_state(sandbox)
}

async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

async fn cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Authorization, Content-Type, Idempotency-Key, Stripe-Version"),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, DELETE, OPTIONS"));
    response
}

async fn not_found(method: Method) -> Response {
    if method == Method::OPTIONS {
        return StatusCode::NO_CONTENT.into_response();
    }
    ApiError {
        status: StatusCode::NOT_FOUND,
        kind: "invalid_request_error",
        code: None,
        message: "Unrecognized request URL. The sandbox implements customers, payment_intents and fund_cash_balance."
            .into(),
        param: None,
    }
    .into_response()
}

/// Who is calling: Stripe's two kinds of API key.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Caller {
    Secret,
    Publishable,
}

/// The key from `Authorization: Bearer …` (or Basic, as Stripe's SDKs send), or from a `key`
/// parameter, as Stripe.js sends publishable keys.
pub(crate) fn authenticate(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    params: &Value,
) -> Result<(Caller, String), ApiError> {
    let from_header = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| {
        if let Some(token) = v.strip_prefix("Bearer ") {
            return Some(token.trim().to_owned());
        }
        let decoded = base64_decode(v.strip_prefix("Basic ")?.trim())?;
        Some(decoded.split(':').next().unwrap_or("").to_owned())
    });
    let key = from_header.or_else(|| form::text(params, &["key"]).map(str::to_owned)).ok_or_else(|| {
        ApiError::unauthorized(
            "You did not provide an API key. Provide it as 'Authorization: Bearer <key>' or, for a publishable key, a 'key' parameter.",
        )
    })?;
    if key == sandbox.config.secret_key {
        Ok((Caller::Secret, key))
    } else if key == sandbox.config.publishable_key {
        Ok((Caller::Publishable, key))
    } else {
        Err(ApiError::unauthorized(format!("Invalid API Key provided: {}", redact(&key))))
    }
}

/// Like Stripe: the key's prefix and last four characters only.
fn redact(key: &str) -> String {
    let prefix = key.find('_').map_or("", |i| &key[..=i]);
    let last4: String = key.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{prefix}****{last4}")
}

fn base64_decode(s: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    String::from_utf8(out).ok()
}

fn params_of(query: Option<&str>, body: &[u8]) -> Value {
    let mut params = form::parse(body);
    if let (Some(query), Value::Object(map)) = (query, &mut params) {
        if let Value::Object(from_query) = form::parse(query.as_bytes()) {
            for (k, v) in from_query {
                map.entry(k).or_insert(v);
            }
        }
    }
    params
}

/// Runs `op` once per Idempotency-Key: a retry with the same body gets the first answer again,
/// a reuse with another body is refused, as Stripe does.
fn idempotent(
    sandbox: &Sandbox,
    key: &str,
    route: String,
    headers: &HeaderMap,
    body: &Bytes,
    op: impl FnOnce() -> Result<Value, ApiError>,
) -> Response {
    let Some(idem) = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok()).map(str::to_owned) else {
        return respond(op());
    };
    let slot = (key.to_owned(), route, idem);
    let mut cache = sandbox.idempotency.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((first_body, status, response)) = cache.get(&slot) {
        if first_body != body {
            return ApiError::idempotency(format!(
                "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{}' if you meant to execute a different request.",
                slot.2
            ))
            .into_response();
        }
        let mut replay = (*status, Json(response.clone())).into_response();
        replay.headers_mut().insert("Idempotent-Replayed", HeaderValue::from_static("true"));
        return replay;
    }
    let (status, value) = match op() {
        Ok(value) => (StatusCode::OK, value),
        Err(error) => (error.status, error.body()),
    };
    cache.insert(slot, (body.clone(), status, value.clone()));
    (status, Json(value)).into_response()
}

fn respond(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(error) => error.into_response(),
    }
}

pub(crate) fn require_secret(caller: Caller) -> Result<(), ApiError> {
    match caller {
        Caller::Secret => Ok(()),
        Caller::Publishable => Err(ApiError::secret_key_required()),
    }
}

async fn create_customer(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, body: Bytes) -> Response {
    let params = params_of(None, &body);
    let (caller, key) = match authenticate(&sandbox, &headers, &params) {
        Ok(auth) => auth,
        Err(e) => return e.into_response(),
    };
    idempotent(&sandbox, &key, "POST /v1/customers".into(), &headers, &body, || {
        require_secret(caller)?;
        Ok(sandbox.store().create_customer(&params))
    })
}

async fn create_intent(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, body: Bytes) -> Response {
    let params = params_of(None, &body);
    let (caller, key) = match authenticate(&sandbox, &headers, &params) {
        Ok(auth) => auth,
        Err(e) => return e.into_response(),
    };
    idempotent(&sandbox, &key, "POST /v1/payment_intents".into(), &headers, &body, || {
        require_secret(caller)?;
        let (intent, events) = sandbox.store().create_intent(&params)?;
        sandbox.send(events);
        Ok(intent)
    })
}

/// A publishable key may only see an intent whose client secret it presents.
fn visible(store: &Store, id: &str, caller: Caller, params: &Value, account: &str) -> Result<Value, ApiError> {
    let intent = store.intent(id)?;
    match caller {
        Caller::Secret => Ok(intent.json(account)),
        Caller::Publishable => {
            let secret = form::text(params, &["client_secret"]).ok_or_else(|| ApiError::missing("client_secret"))?;
            if secret != intent.client_secret {
                return Err(ApiError::invalid(
                    "client_secret",
                    "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
                ));
            }
            Ok(intent.public_json(account))
        }
    }
}

async fn retrieve_intent(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let params = params_of(query.as_deref(), b"");
    let result = authenticate(&sandbox, &headers, &params).and_then(|(caller, _)| {
        let store = sandbox.store();
        visible(&store, &id, caller, &params, &sandbox.config.account_name)
    });
    respond(result)
}

async fn confirm_intent(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = params_of(query.as_deref(), &body);
    let (caller, key) = match authenticate(&sandbox, &headers, &params) {
        Ok(auth) => auth,
        Err(e) => return e.into_response(),
    };
    let route = format!("POST /v1/payment_intents/{id}/confirm");
    idempotent(&sandbox, &key, route, &headers, &body, || {
        let mut store = sandbox.store();
        // Checks the client secret before anything changes.
        visible(&store, &id, caller, &params, &sandbox.config.account_name)?;
        let (_, events) = store.confirm(&id, &params)?;
        let answer = visible(&store, &id, caller, &params, &sandbox.config.account_name)?;
        drop(store);
        sandbox.send(events);
        Ok(answer)
    })
}

async fn fund_cash_balance(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = params_of(None, &body);
    let (caller, key) = match authenticate(&sandbox, &headers, &params) {
        Ok(auth) => auth,
        Err(e) => return e.into_response(),
    };
    let route = format!("POST /v1/test_helpers/customers/{id}/fund_cash_balance");
    idempotent(&sandbox, &key, route, &headers, &body, || {
        require_secret(caller)?;
        let (transaction, events) = sandbox.store().fund(&id, &params)?;
        sandbox.send(events);
        Ok(transaction)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_redacted_like_stripe() {
        assert_eq!(super::redact("sk_test_abcdefgh1234"), "sk_****1234");
        assert_eq!(super::redact("nonsense"), "****ense");
    }

    #[test]
    fn basic_auth_decodes() {
        // "sk_test_sandbox:" in base64.
        assert_eq!(super::base64_decode("c2tfdGVzdF9zYW5kYm94Og==").as_deref(), Some("sk_test_sandbox:"));
        assert_eq!(super::base64_decode("!!"), None);
    }
}
