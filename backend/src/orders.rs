//! An order's PaymentIntent, and the shopper's Customer it is paid by: each made exactly once,
//! whichever request or instance gets there first (the database decides, see `store`), each
//! with Idempotency-Keys derived from what it is for, so a creator that dies half-way is taken
//! over without a second object: Stripe replays the first. No HTTP here.

use std::time::{Duration, Instant};

use bank_transfer_core::stripe::{default_eu_country, BankTransferIntent};

use crate::clock::now;
use crate::shop::Item;
use crate::shopper::Shopper;
use crate::store::{Order, StoreError};
use crate::stripe::{Customer, PaymentIntent, StripeError};
use crate::AppState;

/// How long a request waits for another request (or instance) that holds a claim.
const CLAIM_WAIT: Duration = Duration::from_secs(15);

/// Why an order's intent cannot be had (the HTTP answer to each is `error.rs`'s business).
#[derive(Debug)]
pub enum OrderError {
    /// No such order for this shopper: unknown, someone else's, or not sold.
    NotFound(String),
    /// Another request (or instance) still holds the claim.
    Busy,
    Store(StoreError),
    Stripe(StripeError),
}

impl From<StoreError> for OrderError {
    fn from(e: StoreError) -> OrderError {
        OrderError::Store(e)
    }
}

impl From<StripeError> for OrderError {
    fn from(e: StripeError) -> OrderError {
        OrderError::Stripe(e)
    }
}

/// What a checkout is about.
pub struct Checkout<'a> {
    pub order: &'a str,
    pub item: &'a Item,
    pub shopper: &'a Shopper,
    /// The connected account the order is paid to (Connect); `None`: the shop's own.
    pub account: Option<&'a str>,
}

impl Checkout<'_> {
    fn account_key(&self) -> &str {
        self.account.unwrap_or("")
    }
}

/// The order's stored state, if it is this shopper's: someone else's order is as unknown as
/// one that does not exist.
pub async fn owned_order(app: &AppState, order: &str, shopper: &Shopper) -> Result<Option<Order>, OrderError> {
    match app.db.order(order).await? {
        Some(known) if known.shopper_id.as_deref() != Some(shopper.id.as_str()) => {
            Err(OrderError::NotFound(order.to_owned()))
        }
        known => Ok(known),
    }
}

/// The order's PaymentIntent: the stored one, or a new one.
pub async fn intent_for_order(app: &AppState, c: &Checkout<'_>) -> Result<PaymentIntent, OrderError> {
    let started = Instant::now();
    loop {
        let known = owned_order(app, c.order, c.shopper).await?;
        if let Some(intent_id) = known.as_ref().and_then(|k| k.payment_intent.as_deref()) {
            let account = known.as_ref().and_then(|k| k.account.as_deref());
            match app.stripe.get(&format!("/v1/payment_intents/{intent_id}"), account).await {
                Ok(intent) => return Ok(intent),
                // A sandbox restarted without its memory: one request makes a new generation.
                Err(e) if e.code.as_deref() == Some("resource_missing") => {
                    if app.db.reclaim(c.order, intent_id, now()).await? {
                        let generation = known.as_ref().map_or(0, |k| k.generation) + 1;
                        return create_intent(app, c, generation).await;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        } else if app.db.claim(c.order, &c.shopper.id, c.account, &new_pay_token()?, now()).await? {
            let generation = known.as_ref().map_or(0, |k| k.generation);
            return create_intent(app, c, generation).await;
        }
        if started.elapsed() > CLAIM_WAIT {
            return Err(OrderError::Busy);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// An unguessable token for an order's hosted page: 192 random bits, hex. Without the
/// system's random source the order fails rather than get a guessable link.
fn new_pay_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| StoreError(format!("no random source for a pay token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A confirmed `customer_balance` intent for the claimed order, then the row.
async fn create_intent(app: &AppState, c: &Checkout<'_>, generation: i64) -> Result<PaymentIntent, OrderError> {
    let pay_token = app.db.order(c.order).await?.and_then(|o| o.pay_token);
    let mut customer = customer_for(app, c).await?;
    let country = app.account_country().await;
    let eu_country = default_eu_country(c.shopper.country.as_deref(), country.as_deref()).to_owned();
    // New keys for a new generation, or Stripe would replay the lost intent (24 h).
    let key = format!("payment_intent-{}-{generation}", c.order);
    let mut retried = false;
    let intent: PaymentIntent = loop {
        let params = BankTransferIntent {
            amount: c.item.amount,
            currency: c.item.currency,
            customer: &customer,
            description: c.item.description,
            order: c.order,
            eu_country: Some(&eu_country),
            pay_token: pay_token.as_deref(),
        }
        .params()
        .ok_or_else(|| OrderError::NotFound(c.order.to_owned()))?;
        match app.stripe.post("/v1/payment_intents", &params, &format!("{key}-{customer}"), c.account).await {
            Ok(intent) => break intent,
            // The stored Customer is gone (a sandbox that forgot it): make the shopper anew, once.
            Err(e) if e.is("resource_missing", "customer") && !retried => {
                retried = true;
                app.db.reclaim_customer(&c.shopper.id, c.account_key(), &customer).await?;
                customer = customer_for(app, c).await?;
            }
            Err(e) => return Err(e.into()),
        }
    };
    app.db.set_intent(c.order, &intent.id, &intent.status, intent.amount_remaining()).await?;
    Ok(intent)
}

/// The shopper's Stripe Customer on the order's account: made once (name, email, country),
/// then reused, so every order of theirs shows the same virtual bank account.
pub async fn customer_for(app: &AppState, c: &Checkout<'_>) -> Result<String, OrderError> {
    let started = Instant::now();
    loop {
        let known = app.db.shopper_customer(&c.shopper.id, c.account_key()).await?;
        if let Some(customer) = known.as_ref().and_then(|k| k.customer_id.clone()) {
            return Ok(customer);
        }
        if app.db.claim_shopper(&c.shopper.id, c.account_key(), now()).await? {
            let generation = known.map_or(0, |k| k.generation);
            let mut params = vec![("metadata[shopper]", c.shopper.id.clone())];
            for (name, value) in
                [("name", &c.shopper.name), ("email", &c.shopper.email), ("address[country]", &c.shopper.country)]
            {
                if let Some(value) = value {
                    params.push((name, value.clone()));
                }
            }
            let key = format!("customer-{}-{}-{generation}", c.account_key(), c.shopper.id);
            let customer: Customer = app.stripe.post("/v1/customers", &params, &key, c.account).await?;
            app.db.set_shopper_customer(&c.shopper.id, c.account_key(), &customer.id).await?;
            return Ok(customer.id);
        }
        if started.elapsed() > CLAIM_WAIT {
            return Err(OrderError::Busy);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
