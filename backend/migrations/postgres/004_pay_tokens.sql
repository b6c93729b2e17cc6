-- The order's hosted instructions page is `/pay/{pay_token}`: unguessable, like Stripe's hosted
-- link. Orders from before get one now (gen_random_uuid: a strong random source, PostgreSQL 13+).
ALTER TABLE orders ADD COLUMN IF NOT EXISTS pay_token TEXT;
UPDATE orders SET pay_token = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
    WHERE pay_token IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS orders_pay_token ON orders (pay_token);
