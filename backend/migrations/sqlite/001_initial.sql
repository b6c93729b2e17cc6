-- The first schema (issue 3). IF NOT EXISTS: databases made before migrations were tracked
-- already have it.
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
);
