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

impl StoreError {
    /// A 500 for the client, which learns nothing of the schema; the detail goes to the
    /// operator's log (it never holds the database URL or a key).
    pub fn into_response(self) -> axum::response::Response {
        eprintln!("bank-transfer-backend: database error: {}", self.0);
        crate::checkout::error(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "database_error",
            "The order store is unavailable; try again.",
        )
    }
}

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
        match self {
            Store::Sqlite(s) => s.order(order_id),
            Store::Postgres(p) => p.order(order_id).await,
        }
    }

    /// Claims the right to create `order_id`'s intent: true for exactly one caller — the one
    /// that inserted the row, or that took over a claim older than [`CLAIM_TIMEOUT_SECONDS`]
    /// whose intent never came.
    pub async fn claim(&self, order_id: &str, now: i64) -> Result<bool> {
        match self {
            Store::Sqlite(s) => s.claim(order_id, now),
            Store::Postgres(p) => p.claim(order_id, now).await,
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

/// The condition under which `update_status` applies, shared by both stores (`?1` intent,
/// `?2` status, `?3` amount remaining; PostgreSQL numbers them `$n`).
/// The casts let PostgreSQL type a parameter that only appears in `IS NULL` or `IN`.
const NEWER_STATE: &str = "payment_intent = ?1
    AND status NOT IN ('succeeded', 'canceled')
    AND (CAST(?2 AS TEXT) IN ('succeeded', 'canceled') OR amount_remaining IS NULL
         OR CAST(?3 AS BIGINT) IS NULL OR CAST(?3 AS BIGINT) <= amount_remaining)";
