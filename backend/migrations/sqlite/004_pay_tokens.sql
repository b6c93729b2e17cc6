-- The order's hosted instructions page is `/pay/{pay_token}`: unguessable, like Stripe's hosted
-- link. Orders from before get one now (randomblob: SQLite's CSPRNG-seeded generator).
ALTER TABLE orders ADD COLUMN pay_token TEXT;
UPDATE orders SET pay_token = lower(hex(randomblob(24))) WHERE pay_token IS NULL;
CREATE UNIQUE INDEX orders_pay_token ON orders (pay_token);
