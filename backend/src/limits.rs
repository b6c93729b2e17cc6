//! What a client may send: body sizes per route, the checkout's rate per client IP, and which
//! other sites may call the API (CORS). Every refusal is our JSON error shape, and passes
//! through the security headers like any other response.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::Rate;
use crate::error::ApiError;
use crate::AppState;

/// `{"order": "…"}`: an order id is at most 64 characters.
pub const CHECKOUT_BODY: usize = 4 * 1024;
pub const DEMO_BODY: usize = 4 * 1024;
/// `{"order", "email", "locale"}`: an address is at most 254 bytes.
pub const EMAIL_BODY: usize = 4 * 1024;
/// Stripe's events are a few kilobytes; the largest PaymentIntent with expansions is far below.
pub const WEBHOOK_BODY: usize = 512 * 1024;

pub fn body(max: usize) -> DefaultBodyLimit {
    DefaultBodyLimit::max(max)
}

/// `POST /api/checkout` with its body limit and, unless `rate` is `None`, its rate limit.
pub fn checkout(route: MethodRouter<AppState>, rate: Option<Rate>) -> MethodRouter<AppState> {
    let route = route.layer(body(CHECKOUT_BODY));
    let Some(rate) = rate.filter(|r| r.per_minute > 0) else { return route };
    let Some(config) = GovernorConfigBuilder::default()
        .per_millisecond((60_000 / u64::from(rate.per_minute)).max(1))
        .burst_size(rate.burst.max(1))
        .finish()
    else {
        return route;
    };
    let config = Arc::new(config);
    // Forget addresses that stopped asking, or the limiter's table grows with every client.
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            limiter.retain_recent();
        }
    });
    route.layer(GovernorLayer::new(config).error_handler(too_many))
}

fn too_many(e: GovernorError) -> Response<Body> {
    match e {
        GovernorError::TooManyRequests { wait_time, headers } => {
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many checkouts from this address; try again in {wait_time} s."),
            )
            .into_response();
            response.headers_mut().extend(headers.unwrap_or_default());
            if let Ok(seconds) = HeaderValue::from_str(&wait_time.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, seconds);
            }
            response
        }
        // No peer address (a server started without connect info): refuse rather than let
        // every client share one bucket.
        _ => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "rate_limit_unavailable", "The client address is unknown.")
                .into_response()
        }
    }
}

/// Cross-origin calls to `/api/*` from `origins` only (exact `scheme://host[:port]`); none by
/// default: the page and the API share an origin.
pub fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}
