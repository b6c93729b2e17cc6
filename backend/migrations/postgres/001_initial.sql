-- The schema of sqlite/001 + 002 in one step (PostgreSQL support came after both).
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY,
    payment_intent TEXT UNIQUE,
    status TEXT NOT NULL DEFAULT 'creating',
    amount_remaining BIGINT,
    claimed_at BIGINT NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    payment_intent TEXT,
    received_at BIGINT NOT NULL
);
