//! The SQLite store: one file, WAL journal (readers never wait for the writer; a killed process
//! leaves a consistent file), one connection behind a mutex (one instance per file).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};

use super::{Migration, Order, OrderKey, Result, ShopperCustomer, StoreError, NEWER_STATE};

const MIGRATIONS: [Migration; 4] = [
    (1, include_str!("../../migrations/sqlite/001_initial.sql")),
    (2, include_str!("../../migrations/sqlite/002_claims.sql")),
    (3, include_str!("../../migrations/sqlite/003_shoppers.sql")),
    (4, include_str!("../../migrations/sqlite/004_pay_tokens.sql")),
];

pub struct Sqlite(Mutex<Connection>);

fn err(e: rusqlite::Error) -> StoreError {
    StoreError(e.to_string())
}

impl Sqlite {
    pub fn open(path: &Path) -> Result<Sqlite> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let mut conn = Connection::open(path).map_err(err)?;
        // WAL with synchronous NORMAL: a killed process loses nothing committed (the WAL is
        // the commit); only a power cut may lose the last commits, never corrupt the file.
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
            .map_err(err)?;
        migrate(&mut conn)?;
        Ok(Sqlite(Mutex::new(conn)))
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn order(&self, key: OrderKey, value: &str) -> Result<Option<Order>> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT order_id, payment_intent, status, amount_remaining, claimed_at, generation, shopper_id, account,
                     pay_token FROM orders WHERE {} = ?1",
                    key.column()
                ),
                params![value],
                |r| {
                    Ok(Order {
                        order_id: r.get(0)?,
                        payment_intent: r.get(1)?,
                        status: r.get(2)?,
                        amount_remaining: r.get(3)?,
                        claimed_at: r.get(4)?,
                        generation: r.get(5)?,
                        shopper_id: r.get(6)?,
                        account: r.get::<_, String>(7).map(|a| Some(a).filter(|a| !a.is_empty()))?,
                        pay_token: r.get(8)?,
                    })
                },
            )
            .optional()
            .map_err(err)
    }

    /// A shared statement (see `store`): the texts, then the times, as `?1`….
    pub fn execute(&self, sql: &str, texts: &[&str], times: &[i64]) -> Result<usize> {
        let mut values: Vec<rusqlite::types::Value> = texts.iter().map(|t| (*t).to_owned().into()).collect();
        values.extend(times.iter().map(|t| (*t).into()));
        self.conn().execute(sql, rusqlite::params_from_iter(values)).map_err(err)
    }

    pub fn shopper_customer(&self, sql: &str, shopper: &str, account: &str) -> Result<Option<ShopperCustomer>> {
        self.conn()
            .query_row(sql, params![shopper, account], |r| {
                Ok(ShopperCustomer { customer_id: r.get(0)?, generation: r.get(1)? })
            })
            .optional()
            .map_err(err)
    }

    pub fn reclaim(&self, order_id: &str, lost_intent: &str, now: i64) -> Result<bool> {
        let changed = self
            .conn()
            .execute(
                "UPDATE orders SET payment_intent = NULL, status = 'creating', amount_remaining = NULL,
                     claimed_at = ?3, generation = generation + 1
                 WHERE order_id = ?1 AND payment_intent = ?2",
                params![order_id, lost_intent, now],
            )
            .map_err(err)?;
        Ok(changed == 1)
    }

    pub fn set_intent(&self, order_id: &str, intent: &str, status: &str, remaining: Option<i64>) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE orders SET payment_intent = ?2, status = ?3, amount_remaining = ?4 WHERE order_id = ?1",
                params![order_id, intent, status, remaining],
            )
            .map_err(err)?;
        Ok(())
    }

    pub fn record_event(&self, id: &str, kind: &str, intent: Option<&str>, now: i64) -> Result<bool> {
        let inserted = self
            .conn()
            .execute(
                "INSERT OR IGNORE INTO events (id, type, payment_intent, received_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, kind, intent, now],
            )
            .map_err(err)?;
        Ok(inserted == 1)
    }

    pub fn update_status(&self, intent: &str, status: &str, remaining: Option<i64>) -> Result<u64> {
        let sql = ["UPDATE orders SET status = ?2, amount_remaining = ?3 WHERE ", NEWER_STATE].concat();
        let changed = self.conn().execute(&sql, params![intent, status, remaining]).map_err(err)?;
        Ok(changed as u64)
    }

    pub fn event_count(&self) -> Result<i64> {
        self.conn().query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0)).map_err(err)
    }
}

/// Applies the migrations not yet recorded, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
    )
    .map_err(err)?;
    for (version, sql) in MIGRATIONS {
        let tx = conn.transaction().map_err(err)?;
        let done: bool = tx
            .query_row("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)", params![version], |r| {
                r.get(0)
            })
            .map_err(err)?;
        if !done {
            tx.execute_batch(sql).map_err(|e| StoreError(format!("migration {version}: {e}")))?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, unixepoch())",
                params![version],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
    }
    Ok(())
}
