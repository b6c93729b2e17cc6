-- One PaymentIntent per order, enforced by the database: an order's row is claimed before its
-- intent is created (payment_intent NULL until then), and no intent can belong to two orders.
CREATE TABLE orders_new (
    order_id TEXT PRIMARY KEY,
    payment_intent TEXT UNIQUE,
    status TEXT NOT NULL DEFAULT 'creating',
    amount_remaining INTEGER,
    claimed_at INTEGER NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL DEFAULT 0
);
INSERT INTO orders_new (order_id, payment_intent, status, amount_remaining)
    SELECT order_id, payment_intent, status, amount_remaining FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
