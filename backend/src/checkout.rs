//! `POST /api/checkout {order}`: one order, one PaymentIntent, one reference for the customer's
//! bank. The amount comes from the server's catalogue, never from the browser.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::store::StoreError;
use crate::stripe::StripeError;
use crate::webhook::now;
use crate::AppState;

/// A catalogue item: what the order costs, in minor units.
pub struct Item {
    pub id: &'static str,
    pub description: &'static str,
    pub amount: i64,
    pub currency: &'static str,
}

/// The demo shop. An order id is an item id, optionally followed by `-` and a suffix of the
/// shop's choosing (`eu-7f3a9`), so that every visit can be a new order of the same item.
pub const CATALOGUE: [Item; 6] = [
    Item { id: "order_123", description: "Espresso cups, set of 2", amount: 1099, currency: "eur" },
    Item { id: "us", description: "Merino wool sweater", amount: 8900, currency: "usd" },
    Item { id: "gb", description: "Waxed cotton jacket", amount: 7900, currency: "gbp" },
    Item { id: "eu", description: "Leather weekender bag", amount: 24900, currency: "eur" },
    Item { id: "jp", description: "Cast iron teapot", amount: 19000, currency: "jpy" },
    Item { id: "mx", description: "Hand-woven rug", amount: 349900, currency: "mxn" },
];

pub fn item_for(order: &str) -> Option<&'static Item> {
    let valid = !order.is_empty()
        && order.len() <= 64
        && order.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        return None;
    }
    let item_id = order.split('-').next().unwrap_or(order);
    CATALOGUE.iter().find(|item| item.id == item_id)
}

pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": { "code": code, "message": message.into() } }))).into_response()
}

fn stripe_failed(e: StripeError) -> Response {
    // The message is Stripe's; it never contains the secret key.
    error(StatusCode::BAD_GATEWAY, e.code.as_deref().unwrap_or("stripe_error"), e.message)
}

pub async fn checkout(State(app): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let order = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v["order"].as_str().map(str::to_owned));
    let Some(order) = order else {
        return error(StatusCode::BAD_REQUEST, "invalid_request", "Send a JSON body {\"order\": \"<order id>\"}.");
    };
    let Some(item) = item_for(&order) else {
        return error(StatusCode::NOT_FOUND, "order_not_found", format!("There is no order {order:?}."));
    };
    let intent = match intent_for_order(&app, &order, item).await {
        Ok(intent) => intent,
        Err(response) => return response,
    };
    let Some(client_secret) = intent["client_secret"].as_str() else {
        return error(StatusCode::BAD_GATEWAY, "stripe_error", "Stripe returned no client secret.");
    };
    let api_base = match &app.config.stripe {
        Some(keys) => keys.api_base.clone(),
        // The sandbox is mounted on this server: the browser reaches it where it reached us.
        None => headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("http://{host}"))
            .unwrap_or_else(|| format!("http://{}:{}", app.config.host, app.config.port)),
    };
    Json(json!({
        "clientSecret": client_secret,
        "publishableKey": app.publishable_key,
        "stripeApiBase": api_base,
    }))
    .into_response()
}

/// How long a request waits for another request (or instance) that holds the order's claim.
const CLAIM_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// The order's PaymentIntent: the stored one, or a new one. Exactly one request creates it,
/// whichever instance it reached: the one whose claim the database accepted (see `store`). The
/// others wait for its answer. Creation uses Idempotency-Keys derived from the order, so a
/// creator that dies half-way is taken over without a second intent: Stripe replays the first.
async fn intent_for_order(app: &AppState, order: &str, item: &Item) -> Result<Value, Response> {
    let db_error = |e: StoreError| e.into_response();
    let started = std::time::Instant::now();
    loop {
        let known = app.db.order(order).await.map_err(db_error)?;
        if let Some(intent_id) = known.as_ref().and_then(|k| k.payment_intent.as_deref()) {
            match app.stripe.get(&format!("/v1/payment_intents/{intent_id}")).await {
                Ok(intent) => return Ok(intent),
                // A sandbox restarted without its memory: one request makes a new generation.
                Err(e) if e.code.as_deref() == Some("resource_missing") => {
                    if app.db.reclaim(order, intent_id, now()).await.map_err(db_error)? {
                        let generation = known.as_ref().map_or(0, |k| k.generation) + 1;
                        return create_intent(app, order, item, generation).await;
                    }
                }
                Err(e) => return Err(stripe_failed(e)),
            }
        } else if app.db.claim(order, now()).await.map_err(db_error)? {
            let generation = known.as_ref().map_or(0, |k| k.generation);
            return create_intent(app, order, item, generation).await;
        }
        if started.elapsed() > CLAIM_WAIT {
            return Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "The order is still being prepared; try again.",
            ));
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// Customer + confirmed `customer_balance` intent for the claimed order, then the row.
async fn create_intent(app: &AppState, order: &str, item: &Item, generation: i64) -> Result<Value, Response> {
    let db_error = |e: StoreError| e.into_response();
    // New keys for a new generation, or Stripe would replay the lost intent (24 h).
    let key = |what: &str| format!("{what}-{order}-{generation}");
    let customer = app
        .stripe
        .post(
            "/v1/customers",
            &[("description", &format!("Order {order}")), ("metadata[order]", order)],
            &key("customer"),
        )
        .await
        .map_err(stripe_failed)?;
    let customer_id = customer["id"].as_str().unwrap_or_default().to_owned();
    let amount = item.amount.to_string();
    let kind = bank_transfer_sandbox::transfer_type_for(item.currency).unwrap_or("eu_bank_transfer");
    let mut form = vec![
        ("amount", amount.as_str()),
        ("currency", item.currency),
        ("customer", customer_id.as_str()),
        ("description", item.description),
        ("metadata[order]", order),
        ("payment_method_types[]", "customer_balance"),
        ("payment_method_data[type]", "customer_balance"),
        ("payment_method_options[customer_balance][funding_type]", "bank_transfer"),
        ("payment_method_options[customer_balance][bank_transfer][type]", kind),
        ("confirm", "true"),
    ];
    if kind == "eu_bank_transfer" {
        // The default country; the customer can pick theirs in the checkout.
        form.push(("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]", "IE"));
    }
    let intent = app.stripe.post("/v1/payment_intents", &form, &key("payment_intent")).await.map_err(stripe_failed)?;
    let id = intent["id"].as_str().unwrap_or_default();
    let remaining = intent["next_action"]["display_bank_transfer_instructions"]["amount_remaining"].as_i64();
    let status = intent["status"].as_str().unwrap_or("requires_action");
    app.db.set_intent(order, id, status, remaining).await.map_err(db_error)?;
    Ok(intent)
}

pub async fn order_status(
    State(app): State<AppState>,
    axum::extract::Path(order): axum::extract::Path<String>,
) -> Response {
    match app.db.order(&order).await {
        Ok(Some(o)) => Json(json!({ "order": o.order_id, "status": o.status, "amountRemaining": o.amount_remaining }))
            .into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "order_not_found", format!("There is no order {order:?}.")),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/catalogue`: what the demo shop sells (display only; checkout reads it server-side).
pub async fn catalogue() -> Response {
    let items: Vec<Value> = CATALOGUE
        .iter()
        .map(|i| json!({ "id": i.id, "description": i.description, "amount": i.amount, "currency": i.currency }))
        .collect();
    Json(json!({ "items": items })).into_response()
}

#[cfg(test)]
mod tests {
    use super::item_for;

    #[test]
    fn orders_map_to_catalogue_items() {
        assert_eq!(item_for("order_123").map(|i| i.amount), Some(1099));
        assert_eq!(item_for("eu-7f3a9").map(|i| (i.amount, i.currency)), Some((24900, "eur")));
        assert_eq!(item_for("jp").map(|i| i.currency), Some("jpy"));
        for bad in ["", "xx", "eu 1", "eu-<script>", &"e".repeat(65)] {
            assert!(item_for(bad).is_none(), "{bad}");
        }
    }
}
