//! The PostgreSQL store, for several backend instances on one database (`DATABASE_URL`):
//! tokio-postgres through a deadpool pool. Migrations run under an advisory lock, so instances
//! starting together apply each one once.

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::{NoTls, Row};

use tokio_postgres::types::ToSql;

use super::{Migration, Order, OrderKey, Result, ShopperCustomer, StoreError, NEWER_STATE};

const MIGRATIONS: [Migration; 4] = [
    (1, include_str!("../../migrations/postgres/001_initial.sql")),
    (2, include_str!("../../migrations/postgres/002_noop.sql")),
    (3, include_str!("../../migrations/postgres/003_shoppers.sql")),
    (4, include_str!("../../migrations/postgres/004_pay_tokens.sql")),
];

/// Any key will do, as long as it is always the same: serializes migrations across instances.
const MIGRATION_LOCK: i64 = 0x0062_7463_5f6d_6967; // "btc_mig"

pub struct Postgres(Pool);

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

/// tokio-postgres says only "db error"; the server's own message says which constraint.
fn db(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError(db.message().to_owned()),
        None => StoreError(e.to_string()),
    }
}

/// `?n` placeholders (shared with SQLite) as PostgreSQL's `$n`.
fn numbered(sql: &str) -> String {
    sql.replace('?', "$")
}

impl Postgres {
    pub async fn connect(url: &str) -> Result<Postgres> {
        let config: tokio_postgres::Config = url.parse().map_err(err)?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(16).build().map_err(err)?;
        let store = Postgres(pool);
        store.migrate().await?;
        Ok(store)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object> {
        self.0.get().await.map_err(err)
    }

    /// All migrations in one transaction, behind an advisory lock taken first: two instances
    /// starting together would otherwise race even on `CREATE TABLE IF NOT EXISTS`.
    async fn migrate(&self) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(db)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .await
        .map_err(db)?;
        for (version, sql) in MIGRATIONS {
            let done = tx
                .query_opt("SELECT 1 FROM schema_migrations WHERE version = $1", &[&version])
                .await
                .map_err(db)?
                .is_some();
            if !done {
                tx.batch_execute(sql).await.map_err(|e| StoreError(format!("migration {version}: {e}")))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, extract(epoch from now())::bigint)",
                    &[&version],
                )
                .await
                .map_err(db)?;
            }
        }
        tx.commit().await.map_err(db)
    }

    pub async fn order(&self, key: OrderKey, value: &str) -> Result<Option<Order>> {
        let sql = format!(
            "SELECT order_id, payment_intent, status, amount_remaining, claimed_at, generation::bigint, shopper_id, account,
             pay_token FROM orders WHERE {} = $1",
            key.column()
        );
        let row = self.client().await?.query_opt(&sql, &[&value]).await.map_err(db)?;
        Ok(row.map(|r: Row| Order {
            order_id: r.get(0),
            payment_intent: r.get(1),
            status: r.get(2),
            amount_remaining: r.get(3),
            claimed_at: r.get(4),
            generation: r.get(5),
            shopper_id: r.get(6),
            account: Some(r.get::<_, String>(7)).filter(|a| !a.is_empty()),
            pay_token: r.get(8),
        }))
    }

    /// A shared statement (see `store`): the texts, then the times, as `$1`….
    pub async fn execute(&self, sql: &str, texts: &[&str], times: &[i64]) -> Result<u64> {
        let mut args: Vec<&(dyn ToSql + Sync)> = texts.iter().map(|t| t as &(dyn ToSql + Sync)).collect();
        args.extend(times.iter().map(|t| t as &(dyn ToSql + Sync)));
        self.client().await?.execute(&numbered(sql), &args).await.map_err(db)
    }

    pub async fn shopper_customer(&self, sql: &str, shopper: &str, account: &str) -> Result<Option<ShopperCustomer>> {
        let row = self.client().await?.query_opt(&numbered(sql), &[&shopper, &account]).await.map_err(db)?;
        Ok(row.map(|r: Row| ShopperCustomer { customer_id: r.get(0), generation: r.get(1) }))
    }

    pub async fn reclaim(&self, order_id: &str, lost_intent: &str, now: i64) -> Result<bool> {
        let changed = self
            .client()
            .await?
            .execute(
                "UPDATE orders SET payment_intent = NULL, status = 'creating', amount_remaining = NULL,
                     claimed_at = $3, generation = generation + 1
                 WHERE order_id = $1 AND payment_intent = $2",
                &[&order_id, &lost_intent, &now],
            )
            .await
            .map_err(db)?;
        Ok(changed == 1)
    }

    pub async fn set_intent(&self, order_id: &str, intent: &str, status: &str, remaining: Option<i64>) -> Result<()> {
        self.client()
            .await?
            .execute(
                "UPDATE orders SET payment_intent = $2, status = $3, amount_remaining = $4 WHERE order_id = $1",
                &[&order_id, &intent, &status, &remaining],
            )
            .await
            .map_err(db)?;
        Ok(())
    }

    pub async fn record_event(&self, id: &str, kind: &str, intent: Option<&str>, now: i64) -> Result<bool> {
        let inserted = self
            .client()
            .await?
            .execute(
                "INSERT INTO events (id, type, payment_intent, received_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
                &[&id, &kind, &intent, &now],
            )
            .await
            .map_err(db)?;
        Ok(inserted == 1)
    }

    pub async fn update_status(&self, intent: &str, status: &str, remaining: Option<i64>) -> Result<u64> {
        let sql = numbered(&["UPDATE orders SET status = ?2, amount_remaining = ?3 WHERE ", NEWER_STATE].concat());
        self.client().await?.execute(&sql, &[&intent, &status, &remaining]).await.map_err(db)
    }

    pub async fn event_count(&self) -> Result<i64> {
        let row = self.client().await?.query_one("SELECT COUNT(*) FROM events", &[]).await.map_err(db)?;
        Ok(row.get(0))
    }
}
