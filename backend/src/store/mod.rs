//! Where orders and webhook events live: SQLite (one file, one instance: the default) or
//! PostgreSQL (several instances behind a load balancer: `DATABASE_URL`). Same operations, same
//! schema, each with its migrations (`backend/migrations/<store>/`); every state change is one
//! atomic statement, so a process killed at any point leaves no half-made state.
//!
//! One PaymentIntent per order is the database's job, not the process's: an order's row is
//! *claimed* (inserted with no intent) before the intent is created, the primary key lets one
//! claim win, and `payment_intent` is UNIQUE.

mod postgres;
mod sqlite;

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub order_id: String,
    /// `None` while the claim holder is creating it.
    pub payment_intent: Option<String>,
    pub status: String,
    pub amount_remaining: Option<i64>,
    pub claimed_at: i64,
    /// Bumped when the intent had to be made again (a sandbox that forgot it): the
    /// Idempotency-Keys of a new generation differ.
    pub generation: i64,
    /// Who placed it (`None` only for orders older than shoppers).
    pub shopper_id: Option<String>,
    /// The connected account its intent lives on; `None`: the shop's own.
    pub account: Option<String>,
    /// Its hosted instructions page is `/pay/{pay_token}` (set when the order is claimed).
    pub pay_token: Option<String>,
}

/// What an order is looked up by.
#[derive(Clone, Copy, Debug)]
pub enum OrderKey {
    Id,
    PayToken,
}

impl OrderKey {
    fn column(self) -> &'static str {
        match self {
            OrderKey::Id => "order_id",
            OrderKey::PayToken => "pay_token",
        }
    }
}

/// A shopper's Customer on one account (`None` while the claim holder creates it).
#[derive(Debug, Clone, PartialEq)]
pub struct ShopperCustomer {
    pub customer_id: Option<String>,
    pub generation: i64,
}

/// A claim older than this may be taken over: its holder died (or hangs). Safe even when it is
/// alive, since creation uses Idempotency-Keys: both get the same intent from Stripe.
pub const CLAIM_TIMEOUT_SECONDS: i64 = 5;

#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

pub type Result<T> = std::result::Result<T, StoreError>;

pub enum Store {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// A migration: its version and SQL.
type Migration = (i64, &'static str);

impl Store {
    pub fn sqlite(path: &Path) -> Result<Store> {
        sqlite::Sqlite::open(path).map(Store::Sqlite)
    }

    pub async fn postgres(url: &str) -> Result<Store> {
        postgres::Postgres::connect(url).await.map(Store::Postgres)
    }

    pub async fn order(&self, order_id: &str) -> Result<Option<Order>> {
        self.order_by(OrderKey::Id, order_id).await
    }

    /// The order whose hosted page is `/pay/{token}`.
    pub async fn order_by_pay_token(&self, token: &str) -> Result<Option<Order>> {
        self.order_by(OrderKey::PayToken, token).await
    }

    async fn order_by(&self, key: OrderKey, value: &str) -> Result<Option<Order>> {
        match self {
            Store::Sqlite(s) => s.order(key, value),
            Store::Postgres(p) => p.order(key, value).await,
        }
    }

    /// Claims the right to create `order_id`'s intent for `shopper` on `account`: true for
    /// exactly one caller — the one that inserted the row, or that took over a claim of the same
    /// shopper older than [`CLAIM_TIMEOUT_SECONDS`] whose intent never came. A new row gets
    /// `pay_token`; a row keeps the token it has.
    pub async fn claim(
        &self,
        order_id: &str,
        shopper: &str,
        account: Option<&str>,
        pay_token: &str,
        now: i64,
    ) -> Result<bool> {
        let args = [order_id, shopper, account.unwrap_or(""), pay_token];
        let times = [now, now - CLAIM_TIMEOUT_SECONDS];
        match self {
            Store::Sqlite(s) => s.execute(CLAIM_ORDER, &args, &times).map(|n| n == 1),
            Store::Postgres(p) => p.execute(CLAIM_ORDER, &args, &times).await.map(|n| n == 1),
        }
    }

    /// The shopper's Customer on `account` (`""` for the shop's own), if one is recorded.
    pub async fn shopper_customer(&self, shopper: &str, account: &str) -> Result<Option<ShopperCustomer>> {
        match self {
            Store::Sqlite(s) => s.shopper_customer(SELECT_SHOPPER, shopper, account),
            Store::Postgres(p) => p.shopper_customer(SELECT_SHOPPER, shopper, account).await,
        }
    }

    /// Claims the right to create the shopper's Customer on `account` (as orders are claimed).
    pub async fn claim_shopper(&self, shopper: &str, account: &str, now: i64) -> Result<bool> {
        let times = [now, now - CLAIM_TIMEOUT_SECONDS];
        match self {
            Store::Sqlite(s) => s.execute(CLAIM_SHOPPER, &[shopper, account], &times).map(|n| n == 1),
            Store::Postgres(p) => p.execute(CLAIM_SHOPPER, &[shopper, account], &times).await.map(|n| n == 1),
        }
    }

    pub async fn set_shopper_customer(&self, shopper: &str, account: &str, customer: &str) -> Result<()> {
        let args = [shopper, account, customer];
        match self {
            Store::Sqlite(s) => s.execute(SET_SHOPPER_CUSTOMER, &args, &[]).map(drop),
            Store::Postgres(p) => p.execute(SET_SHOPPER_CUSTOMER, &args, &[]).await.map(drop),
        }
    }

    /// Forgets a Customer Stripe no longer knows, so that the next order makes a new one.
    pub async fn reclaim_customer(&self, shopper: &str, account: &str, lost: &str) -> Result<bool> {
        let args = [shopper, account, lost];
        match self {
            Store::Sqlite(s) => s.execute(RECLAIM_CUSTOMER, &args, &[]).map(|n| n == 1),
            Store::Postgres(p) => p.execute(RECLAIM_CUSTOMER, &args, &[]).await.map(|n| n == 1),
        }
    }

    /// Claims a new generation after the stored intent vanished (true for one caller).
    pub async fn reclaim(&self, order_id: &str, lost_intent: &str, now: i64) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.reclaim(order_id, lost_intent, now),
            Store::Postgres(p) => p.reclaim(order_id, lost_intent, now).await,
        }
    }

    /// Records the intent the claim holder created.
    pub async fn set_intent(&self, order_id: &str, intent: &str, status: &str, remaining: Option<i64>) -> Result<()> {
        match self {
            Store::Sqlite(s) => s.set_intent(order_id, intent, status, remaining),
            Store::Postgres(p) => p.set_intent(order_id, intent, status, remaining).await,
        }
    }

    /// Stores an event once; false when it was already there (a duplicate delivery).
    pub async fn record_event(&self, id: &str, kind: &str, intent: Option<&str>, now: i64) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.record_event(id, kind, intent, now),
            Store::Postgres(p) => p.record_event(id, kind, intent, now).await,
        }
    }

    /// Applies an intent's newer state, never an older one: events arrive in any order, so a
    /// paid order stays paid, and a larger amount still to send (an older event) is ignored.
    pub async fn update_status(&self, intent: &str, status: &str, remaining: Option<i64>) -> Result<u64> {
        match self {
            Store::Sqlite(s) => s.update_status(intent, status, remaining),
            Store::Postgres(p) => p.update_status(intent, status, remaining).await,
        }
    }

    pub async fn event_count(&self) -> Result<i64> {
        match self {
            Store::Sqlite(s) => s.event_count(),
            Store::Postgres(p) => p.event_count().await,
        }
    }
}

/// Statements both stores share: the text arguments first (`?1`…), then the times (a claim's
/// now, and the time before which a claim is stale). PostgreSQL numbers them `$n`.
const CLAIM_ORDER: &str = "INSERT INTO orders (order_id, shopper_id, account, pay_token, claimed_at)
    VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (order_id) DO UPDATE SET claimed_at = excluded.claimed_at
    WHERE orders.payment_intent IS NULL AND orders.claimed_at < ?6 AND orders.shopper_id = excluded.shopper_id";
const CLAIM_SHOPPER: &str = "INSERT INTO shoppers (shopper_id, account, claimed_at) VALUES (?1, ?2, ?3)
    ON CONFLICT (shopper_id, account) DO UPDATE SET claimed_at = excluded.claimed_at
    WHERE shoppers.customer_id IS NULL AND shoppers.claimed_at < ?4";
const SET_SHOPPER_CUSTOMER: &str = "UPDATE shoppers SET customer_id = ?3 WHERE shopper_id = ?1 AND account = ?2";
const RECLAIM_CUSTOMER: &str = "UPDATE shoppers SET customer_id = NULL, claimed_at = 0, generation = generation + 1
    WHERE shopper_id = ?1 AND account = ?2 AND customer_id = ?3";
const SELECT_SHOPPER: &str = "SELECT customer_id, generation FROM shoppers WHERE shopper_id = ?1 AND account = ?2";

/// The condition under which `update_status` applies, shared by both stores (`?1` intent,
/// `?2` status, `?3` amount remaining; PostgreSQL numbers them `$n`).
/// The casts let PostgreSQL type a parameter that only appears in `IS NULL` or `IN`.
const NEWER_STATE: &str = "payment_intent = ?1
    AND status NOT IN ('succeeded', 'canceled')
    AND (CAST(?2 AS TEXT) IN ('succeeded', 'canceled') OR amount_remaining IS NULL
         OR CAST(?3 AS BIGINT) IS NULL OR CAST(?3 AS BIGINT) <= amount_remaining)";
