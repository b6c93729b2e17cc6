//! SQLite: which PaymentIntent belongs to which order, and which webhook events were handled.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

pub struct Db(Mutex<Connection>);

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub order_id: String,
    pub payment_intent: String,
    pub status: String,
    pub amount_remaining: Option<i64>,
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS orders (
                 order_id TEXT PRIMARY KEY,
                 payment_intent TEXT NOT NULL,
                 status TEXT NOT NULL DEFAULT 'requires_action',
                 amount_remaining INTEGER
             );
             CREATE TABLE IF NOT EXISTS events (
                 id TEXT PRIMARY KEY,
                 type TEXT NOT NULL,
                 payment_intent TEXT,
                 received_at INTEGER NOT NULL
             );",
        )?;
        Ok(Db(Mutex::new(conn)))
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn order(&self, order_id: &str) -> rusqlite::Result<Option<Order>> {
        self.conn()
            .query_row(
                "SELECT order_id, payment_intent, status, amount_remaining FROM orders WHERE order_id = ?1",
                params![order_id],
                |r| {
                    Ok(Order {
                        order_id: r.get(0)?,
                        payment_intent: r.get(1)?,
                        status: r.get(2)?,
                        amount_remaining: r.get(3)?,
                    })
                },
            )
            .optional()
    }

    /// Records (or replaces, after the sandbox forgot an intent) an order's PaymentIntent.
    pub fn set_order(
        &self,
        order_id: &str,
        payment_intent: &str,
        status: &str,
        amount_remaining: Option<i64>,
    ) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO orders (order_id, payment_intent, status, amount_remaining) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(order_id) DO UPDATE SET payment_intent = ?2, status = ?3, amount_remaining = ?4",
            params![order_id, payment_intent, status, amount_remaining],
        )?;
        Ok(())
    }

    /// Stores an event once; false when it was already there (a duplicate delivery).
    pub fn record_event(&self, id: &str, kind: &str, payment_intent: Option<&str>, now: i64) -> rusqlite::Result<bool> {
        let inserted = self.conn().execute(
            "INSERT OR IGNORE INTO events (id, type, payment_intent, received_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, kind, payment_intent, now],
        )?;
        Ok(inserted == 1)
    }

    pub fn event_count(&self) -> rusqlite::Result<i64> {
        self.conn().query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
    }

    pub fn update_status(
        &self,
        payment_intent: &str,
        status: &str,
        amount_remaining: Option<i64>,
    ) -> rusqlite::Result<usize> {
        self.conn().execute(
            "UPDATE orders SET status = ?2, amount_remaining = ?3 WHERE payment_intent = ?1",
            params![payment_intent, status, amount_remaining],
        )
    }
}
