//! The merchant backend: client secrets per order (`POST /api/checkout`), Stripe webhooks
//! (`POST /webhook`), the demo's files with strict security headers, and — without Stripe
//! keys — the built-in sandbox mounted at `/v1`.

mod checkout;
pub mod config;
mod demo;
mod limits;
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
use tower_http::services::{ServeDir, ServeFile};

pub use checkout::{item_for, CATALOGUE};
use config::{Config, SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY};

#[derive(Clone)]
pub struct AppState {
    config: Arc<Config>,
    db: Arc<store::Store>,
    stripe: stripe::Stripe,
    publishable_key: String,
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

/// The whole application for a server reachable at `address`.
pub async fn app(config: Config, address: SocketAddr) -> Result<Router, String> {
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
            let sandbox = bank_transfer_sandbox::Sandbox::new(bank_transfer_sandbox::Config {
                secret_key: SANDBOX_SECRET_KEY.into(),
                publishable_key: SANDBOX_PUBLISHABLE_KEY.into(),
                account_name: "Sandbox Shop".into(),
                webhook: Some(bank_transfer_sandbox::Endpoint {
                    url: format!("{self_url}/webhook"),
                    secret: config.webhook_secret.clone(),
                }),
            });
            (stripe::Stripe::new(&self_url, SANDBOX_SECRET_KEY), SANDBOX_PUBLISHABLE_KEY.to_owned(), Some(sandbox))
        }
    };
    let csp = content_security_policy(config.stripe.as_ref().map(|k| k.api_base.as_str()));
    let www = config.static_root.join("www");
    let files = ServeDir::new(&www)
        .not_found_service(ServeFile::new(www.join("index.html")))
        .append_index_html_on_directories(true);
    let state = AppState { config: Arc::new(config.clone()), db: Arc::new(db), stripe, publishable_key };
    let api = Router::new()
        .route("/api/checkout", limits::checkout(post(checkout::checkout), config.checkout_rate))
        .route("/api/orders/{order}", get(checkout::order_status))
        .route("/api/catalogue", get(checkout::catalogue))
        .route("/api/demo/fund", post(demo::fund).layer(limits::body(limits::DEMO_BODY)))
        .layer(limits::cors(&config.allowed_origins));
    let mut router = Router::new()
        .merge(api)
        .route("/webhook", post(webhook::webhook).layer(limits::body(limits::WEBHOOK_BODY)))
        .with_state(state)
        .nest_service("/pkg", ServeDir::new(config.static_root.join("pkg")))
        .nest_service("/examples", ServeDir::new(config.static_root.join("reference/examples")))
        .fallback_service(files);
    if let Some(sandbox) = sandbox {
        router = router.merge(bank_transfer_sandbox::router(sandbox));
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
