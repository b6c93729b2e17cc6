-- One Stripe Customer per shopper (per account, for Connect), reused across orders; an order
-- belongs to the shopper who placed it, on the account its intent lives on ('' = the shop's own).
ALTER TABLE orders ADD COLUMN shopper_id TEXT;
ALTER TABLE orders ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE TABLE shoppers (
    shopper_id TEXT NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    customer_id TEXT UNIQUE,
    claimed_at INTEGER NOT NULL DEFAULT 0,
    generation INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shopper_id, account)
);
