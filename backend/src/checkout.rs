//! `POST /api/checkout {order}`: the shopper's order, its PaymentIntent, and what the browser
//! needs to talk to Stripe (client secret, publishable key, the account for Connect). The
//! amount comes from the server's catalogue, the shopper from the session: never from the
//! browser. `GET /api/orders/{order}` and `GET /api/catalogue` for the demo shop.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::json;
use crate::orders::{intent_for_order, owned_order, Checkout};
use crate::shop::{item_for, Item, CATALOGUE};
use crate::AppState;

#[derive(Deserialize)]
pub struct CheckoutRequest {
    order: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutAnswer {
    client_secret: String,
    publishable_key: String,
    stripe_api_base: String,
    /// The connected account the intent lives on: the browser sends it as `_stripe_account`.
    #[serde(skip_serializing_if = "Option::is_none")]
    stripe_account: Option<String>,
}

pub async fn checkout(
    State(app): State<AppState>,
    headers: HeaderMap,
    json::Json(request): json::Json<CheckoutRequest>,
) -> Result<Json<CheckoutAnswer>, ApiError> {
    let shopper = app.identify.shopper(&headers).ok_or_else(ApiError::not_signed_in)?;
    let order = request.order;
    let item = match item_for(&order) {
        Some(item) if app.offers(item).await => item,
        _ => return Err(ApiError::order_not_found(&order)),
    };
    let account = app.account_for(item);
    let intent = intent_for_order(&app, &Checkout { order: &order, item, shopper: &shopper, account }).await?;
    let client_secret = intent.client_secret.ok_or_else(|| {
        ApiError::new(StatusCode::BAD_GATEWAY, "stripe_unavailable", "Stripe returned no client secret.")
    })?;
    let stripe_api_base = match &app.config.stripe {
        Some(keys) => keys.api_base.clone(),
        // The sandbox is mounted on this server: the browser reaches it where it reached us.
        None => headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("http://{host}"))
            .unwrap_or_else(|| format!("http://{}:{}", app.config.host, app.config.port)),
    };
    Ok(Json(CheckoutAnswer {
        client_secret,
        publishable_key: app.publishable_key.clone(),
        stripe_api_base,
        stripe_account: account.map(str::to_owned),
    }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderAnswer {
    order: String,
    status: String,
    amount_remaining: Option<i64>,
}

/// The order as the webhooks left it, for its shopper only.
pub async fn order_status(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(order): Path<String>,
) -> Result<Json<OrderAnswer>, ApiError> {
    let shopper = app.identify.shopper(&headers).ok_or_else(ApiError::not_signed_in)?;
    let known = owned_order(&app, &order, &shopper).await?.ok_or_else(|| ApiError::order_not_found(&order))?;
    Ok(Json(OrderAnswer { order: known.order_id, status: known.status, amount_remaining: known.amount_remaining }))
}

#[derive(Serialize)]
pub struct Catalogue {
    items: Vec<&'static Item>,
}

/// `GET /api/catalogue`: what the shop sells in the currencies it can take (display only;
/// checkout reads it server-side).
pub async fn catalogue(State(app): State<AppState>) -> Json<Catalogue> {
    let mut items = Vec::new();
    for item in &CATALOGUE {
        if app.offers(item).await {
            items.push(item);
        }
    }
    Json(Catalogue { items })
}
