//! An offline stand-in for the slice of Stripe's API that bank-transfer checkout uses, with
//! Stripe's request and response shapes: form-encoded bodies as the SDKs send them, typed
//! parameters refused as Stripe refuses them, Stripe's error objects, secret- and
//! publishable-key auth, connected accounts, idempotency keys, signed webhooks and a hosted
//! instructions page. Stripe is the reference: what differs is listed in docs and tests.
//!
//! ```no_run
//! # async fn run() {
//! let sandbox = bank_transfer_sandbox::Sandbox::new(bank_transfer_sandbox::Config::default());
//! let app = bank_transfer_sandbox::router(sandbox);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
//! axum::serve(listener, app).await.unwrap();
//! # }
//! ```

mod api_error;
mod auth;
mod faults;
pub mod form;
mod handlers;
mod hosted;
pub mod objects;
mod requests;
mod store;
pub mod virtual_accounts;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::Value;

pub use api_error::ApiError;
pub use store::{random_id, AccountInfo, HostedLinks, Ledger};
pub use webhooks::Endpoint;

#[derive(Clone, Debug)]
pub struct Config {
    pub secret_key: String,
    pub publishable_key: String,
    /// The platform's own account (no `Stripe-Account`).
    pub account: AccountInfo,
    /// Accounts connected to the platform (Connect), reached with `Stripe-Account`.
    pub connected_accounts: Vec<AccountInfo>,
    /// Where this server is reached (`http://127.0.0.1:8080`): the base of the hosted
    /// instructions pages. `None`: `hosted_instructions_url` is null.
    pub public_url: Option<String>,
    /// The merchant's own hosted instructions pages (`http://127.0.0.1:8080/pay/`): an intent
    /// created with `metadata[pay_token]` gets this prefix + the token as its
    /// `hosted_instructions_url` (the demo backend's page, so that the offline demo links to
    /// the page it also emails). `None`, or no token: the sandbox's own page.
    pub merchant_pages: Option<String>,
    /// Where to send signed events; none means no webhooks.
    pub webhook: Option<Endpoint>,
}

/// The connected account every sandbox has, for Connect tests and the demo.
pub const CONNECTED_ACCOUNT: &str = "acct_1SandboxSeller00001";

impl Default for Config {
    fn default() -> Self {
        Config {
            secret_key: bank_transfer_core::stripe::SANDBOX_SECRET_KEY.into(),
            publishable_key: bank_transfer_core::stripe::SANDBOX_PUBLISHABLE_KEY.into(),
            account: AccountInfo {
                id: "acct_1SandboxPlatform0001".into(),
                name: "Sandbox Shop".into(),
                country: "IE".into(),
                default_currency: "eur".into(),
            },
            connected_accounts: vec![AccountInfo {
                id: CONNECTED_ACCOUNT.into(),
                name: "Sandbox Makers (connected)".into(),
                country: "NL".into(),
                default_currency: "eur".into(),
            }],
            public_url: None,
            merchant_pages: None,
            webhook: None,
        }
    }
}

/// (API key, account, Idempotency-Key): Stripe binds a key to the first request made with it.
type IdempotencySlot = (String, String, String);

/// The first request made with an idempotency key, and its answer.
#[derive(Clone)]
pub(crate) struct FirstUse {
    /// The endpoint's path (a key is refused on another endpoint).
    pub path: String,
    pub body: Bytes,
    pub status: StatusCode,
    pub value: Value,
}

type IdempotencyCache = HashMap<IdempotencySlot, FirstUse>;

pub struct Sandbox {
    config: Config,
    ledgers: Mutex<HashMap<String, Ledger>>,
    idempotency: Mutex<IdempotencyCache>,
    webhooks: Option<webhooks::Deliverer>,
    faults: faults::Faults,
}

impl Sandbox {
    pub fn new(config: Config) -> Arc<Sandbox> {
        let mut ledgers = HashMap::new();
        let links =
            HostedLinks { public_url: config.public_url.clone(), merchant_pages: config.merchant_pages.clone() };
        let platform = Ledger::new(config.account.clone(), false, links.clone());
        ledgers.insert(config.account.id.clone(), platform);
        for account in &config.connected_accounts {
            ledgers.insert(account.id.clone(), Ledger::new(account.clone(), true, links.clone()));
        }
        Arc::new(Sandbox {
            ledgers: Mutex::new(ledgers),
            webhooks: config.webhook.clone().map(webhooks::Deliverer::new),
            config,
            idempotency: Mutex::new(HashMap::new()),
            faults: faults::Faults::default(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    fn has_account(&self, id: &str) -> bool {
        self.config.account.id == id || self.config.connected_accounts.iter().any(|a| a.id == id)
    }

    /// Every PaymentIntent created so far on any account, as (id, `metadata[order]`): what a
    /// test counts to prove one intent per order (Stripe's dashboard, offline).
    pub fn intents_by_order(&self) -> Vec<(String, Option<String>)> {
        let ledgers = self.ledgers();
        ledgers
            .values()
            .flat_map(|l| l.intents().iter().map(|i| (i.id.clone(), i.order().map(str::to_owned))))
            .collect()
    }

    fn ledgers(&self) -> MutexGuard<'_, HashMap<String, Ledger>> {
        // A panic while holding the lock would be a bug; the state is still usable after it.
        self.ledgers.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn idempotency_lookup(&self, slot: &IdempotencySlot) -> Option<FirstUse> {
        self.idempotency.lock().unwrap_or_else(|p| p.into_inner()).get(slot).cloned()
    }

    fn idempotency_store(&self, slot: IdempotencySlot, first: FirstUse) {
        self.idempotency.lock().unwrap_or_else(|p| p.into_inner()).insert(slot, first);
    }

    fn send(&self, events: Vec<objects::Event>) {
        if let Some(webhooks) = &self.webhooks {
            webhooks.send(events.into_iter().filter_map(|e| serde_json::to_value(e).ok()).collect());
        }
    }
}

/// The routes: the API under `/v1` and the hosted instructions pages (no fallback, so a host
/// app can merge them), with permissive CORS: Stripe's API answers browsers too. A method a
/// path does not take here (`GET /v1/payment_intents` is a list at Stripe; the sandbox has
/// none) gets Stripe's "Unrecognized request URL" error, not axum's bodiless 405, which the SDKs
/// report as "Invalid JSON received from the Stripe API".
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    use handlers::*;
    Router::new()
        .route("/v1/account", get(retrieve_account))
        .route("/v1/customers", post(create_customer))
        // Stripe's search endpoints are not implemented: routed here, they would read as ids.
        .route("/v1/customers/search", any(not_found))
        .route("/v1/customers/{id}", get(retrieve_customer).post(update_customer))
        .route("/v1/payment_intents", post(create_intent))
        .route("/v1/payment_intents/search", any(not_found))
        .route("/v1/payment_intents/{id}", get(retrieve_intent))
        .route("/v1/payment_intents/{id}/confirm", post(confirm_intent))
        .route("/v1/payment_intents/{id}/cancel", post(cancel_intent))
        .route("/v1/test_helpers/customers/{id}/fund_cash_balance", post(fund_cash_balance))
        .route("/v1/test_helpers/faults", post(faults::switch).delete(faults::switch))
        .route("/v1/{*rest}", any(not_found))
        .route("/bank_transfers/instructions/{token}", get(hosted::page))
        .method_not_allowed_fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(sandbox.clone(), faults::inject))
        .layer(axum::middleware::from_fn(preflight))
        .layer(axum::middleware::map_response(cors))
        .with_state(sandbox)
}

/// Stripe answers CORS preflights for its API; so does the sandbox (before routing, which
/// would answer 405 for a method the path does not take).
async fn preflight(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return StatusCode::NO_CONTENT.into_response();
    }
    next.run(request).await
}

/// Stripe's API answers any origin. (The checkout never needs a preflight: it sends simple
/// requests, as Stripe.js does; one would be answered anyway.)
async fn cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Authorization, Content-Type, Idempotency-Key, Stripe-Account, Stripe-Version"),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, DELETE, OPTIONS"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Request-Id, Stripe-Version"));
    response
}
