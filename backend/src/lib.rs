//! The merchant backend: client secrets per order (`POST /api/checkout`), one Stripe Customer
//! per shopper, Stripe webhooks (`POST /webhook`), the demo's files with strict security
//! headers, and — without Stripe keys — the built-in sandbox mounted at `/v1`.

mod checkout;
pub mod clock;
pub mod config;
mod demo;
mod email;
pub mod error;
mod hosted;
pub mod intl;
mod json;
mod limits;
mod orders;
mod sandbox_mode;
pub mod shop;
pub mod shopper;
pub mod signature;
pub mod store;
mod stripe;
mod webhook;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use bank_transfer_core::stripe::TransferType;
use tower_http::services::{ServeDir, ServeFile};

use config::Config;
use shop::{AccountFacts, Item};
use shopper::{DemoSessions, Identify};

#[derive(Clone)]
pub struct AppState {
    config: Arc<Config>,
    db: Arc<store::Store>,
    stripe: stripe::Stripe,
    publishable_key: String,
    /// Who is shopping (the merchant's own function, or the demo's sessions).
    identify: Arc<dyn Identify>,
    /// The demo's sessions, when they are the identity in use.
    sessions: Option<Arc<DemoSessions>>,
    facts: Arc<AccountFacts>,
    /// "Email me these instructions": the mailer, the sender, the limits.
    mail: Arc<email::Mail>,
}

impl AppState {
    fn sandbox_mode(&self) -> bool {
        self.config.stripe.is_none()
    }

    /// The account an item's payment goes to: a marketplace seller's connected account
    /// (the sandbox's, in the demo), else `STRIPE_ACCOUNT`, else the shop's own.
    fn account_for(&self, item: &Item) -> Option<&str> {
        if item.sold_by_connected_account && self.sandbox_mode() {
            return sandbox_mode::connected_account();
        }
        self.config.stripe_account.as_deref()
    }

    /// Whether the shop sells `item`: its currency is one the account takes by bank transfer,
    /// and a marketplace item only where its seller exists (the sandbox).
    async fn offers(&self, item: &Item) -> bool {
        if item.sold_by_connected_account && !self.sandbox_mode() {
            return false;
        }
        let currencies = self.facts.currencies(&self.stripe, self.config.stripe_account.as_deref()).await;
        currencies.iter().any(|c| c == item.currency)
    }

    /// The Stripe account's country (`GET /v1/account`), when Stripe could be asked.
    async fn account_country(&self) -> Option<String> {
        self.facts.country(&self.stripe, self.config.stripe_account.as_deref()).await
    }
}

/// Binds, builds the app and serves until the process ends; returns the bound address first
/// through `ready` (tests bind port 0).
pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind((config.host, config.port)).await?;
    let address = listener.local_addr()?;
    let app = app(config, address).await.map_err(std::io::Error::other)?;
    ready(address);
    // With the peer's address: the checkout's rate limit is per client IP.
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await
}

/// The whole application for a server reachable at `address`, with the demo's sessions.
pub async fn app(config: Config, address: SocketAddr) -> Result<Router, String> {
    app_with(config, address, None).await
}

/// The application with the merchant's own [`Identify`] (`None`: the demo's signed session
/// cookies).
pub async fn app_with(
    config: Config,
    address: SocketAddr,
    identify: Option<Arc<dyn Identify>>,
) -> Result<Router, String> {
    let db = match &config.database_url {
        // The URL may hold a password: never in a message.
        Some(url) => store::Store::postgres(url).await.map_err(|e| format!("DATABASE_URL: {e}"))?,
        None => store::Store::sqlite(&config.database_path)
            .map_err(|e| format!("{}: {e}", config.database_path.display()))?,
    };
    let self_url = format!("http://{address}");
    let (stripe, publishable_key, sandbox) = match &config.stripe {
        Some(keys) => (stripe::Stripe::new(&keys.api_base, &keys.secret_key), keys.publishable_key.clone(), None),
        None => {
            let (routes, stripe, publishable_key) = sandbox_mode::start(&self_url, &config.webhook_secret)?;
            (stripe, publishable_key, Some(routes))
        }
    };
    let mail = email::Mail::new(&config, &self_url)?;
    let csp = content_security_policy(config.stripe.as_ref().map(|k| k.api_base.as_str()));
    let www = config.static_root.join("www");
    let files = ServeDir::new(&www)
        .not_found_service(ServeFile::new(www.join("index.html")))
        .append_index_html_on_directories(true);
    // Sandbox mode offers all five currencies; with real keys, SHOP_CURRENCIES or the account's.
    let fixed_currencies = match (&config.stripe, &config.shop_currencies) {
        (_, Some(fixed)) => Some(fixed.clone()),
        (None, None) => Some(TransferType::ALL.iter().map(|t| t.currency().to_owned()).collect()),
        (Some(_), None) => None,
    };
    let (identify, sessions): (Arc<dyn Identify>, _) = match identify {
        Some(identify) => (identify, None),
        None => {
            let secret = config.session_secret.clone().map(String::into_bytes).unwrap_or_else(|| {
                let mut random = vec![0u8; 32];
                let _ = getrandom::fill(&mut random);
                random
            });
            let sessions = Arc::new(DemoSessions::new(&secret));
            (sessions.clone(), Some(sessions))
        }
    };
    let state = AppState {
        config: Arc::new(config.clone()),
        db: Arc::new(db),
        stripe,
        publishable_key,
        identify,
        sessions,
        facts: Arc::new(AccountFacts::new(fixed_currencies)),
        mail: Arc::new(mail),
    };
    let api = Router::new()
        .route("/api/checkout", limits::checkout(post(checkout::checkout), config.checkout_rate))
        .route("/api/orders/{order}", get(checkout::order_status))
        .route("/api/catalogue", get(checkout::catalogue))
        .route("/api/email", post(email::send).layer(limits::body(limits::EMAIL_BODY)))
        .route("/api/session", get(shopper::current).post(shopper::switch).layer(limits::body(limits::DEMO_BODY)))
        .route("/api/demo/fund", post(demo::fund).layer(limits::body(limits::DEMO_BODY)))
        .layer(limits::cors(&config.allowed_origins));
    let mut router = Router::new()
        .merge(api)
        .route("/pay/{token}", get(hosted::page))
        .route("/webhook", post(webhook::webhook).layer(limits::body(limits::WEBHOOK_BODY)))
        .nest_service("/pkg", ServeDir::new(config.static_root.join("pkg")))
        .nest_service("/examples", ServeDir::new(config.static_root.join("reference/examples")))
        .fallback_service(files)
        .layer(axum::middleware::from_fn_with_state(state.clone(), shopper::ensure_session))
        .with_state(state);
    if let Some(sandbox) = sandbox {
        router = router.merge(sandbox);
    }
    Ok(router.layer(axum::middleware::map_response(move |response: Response| {
        let csp = csp.clone();
        async move { with_security_headers(response, &csp) }
    })))
}

/// No inline script, no eval: 'wasm-unsafe-eval' only lets WebAssembly compile. The browser
/// may talk to this server and, with real keys, to Stripe's API.
fn content_security_policy(stripe_api: Option<&str>) -> HeaderValue {
    let connect = match stripe_api {
        Some(api) => format!("'self' {api}"),
        None => "'self'".into(),
    };
    let policy = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; \
         connect-src {connect}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

fn with_security_headers(mut response: Response, csp: &HeaderValue) -> Response {
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("Cross-Origin-Opener-Policy", HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
