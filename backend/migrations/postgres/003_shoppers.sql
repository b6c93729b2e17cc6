-- One Stripe Customer per shopper (per account, for Connect), reused across orders; an order
-- belongs to the shopper who placed it, on the account its intent lives on ('' = the shop's own).
ALTER TABLE orders ADD COLUMN IF NOT EXISTS shopper_id TEXT;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS account TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS shoppers (
    shopper_id TEXT NOT NULL,
    account TEXT NOT NULL DEFAULT '',
    customer_id TEXT UNIQUE,
    claimed_at BIGINT NOT NULL DEFAULT 0,
    generation BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (shopper_id, account)
);
