-- Buyer identities and owners (issues 9 and 12). Every buyer has a numeric Binance ID, a Pay ID, an e-mail and a phone
-- (country code + number), each unique; payout receiver checks compare against them (docs/sandbox.md#buyers).
-- owner_merchant_id names the one merchant that may use the buyer; NULL is a shared buyer every merchant may use.
-- Buyers that existed before this migration become shared (docs/compatibility.md#sandbox-buyers), and get identities
-- derived from their buyer_id, so every node migrating the same database writes the same values.
ALTER TABLE buyers ADD COLUMN binance_id BIGINT NULL;
ALTER TABLE buyers ADD COLUMN pay_id BIGINT NULL;
ALTER TABLE buyers ADD COLUMN email TEXT NULL;
ALTER TABLE buyers ADD COLUMN mobile_code TEXT NULL;
ALTER TABLE buyers ADD COLUMN mobile_number TEXT NULL;
ALTER TABLE buyers ADD COLUMN owner_merchant_id BIGINT NULL;

UPDATE buyers SET
    binance_id = 1000000000 + buyer_id,
    pay_id = buyer_id,
    email = 'buyer' || buyer_id || '@sandbox.citrine.test',
    mobile_code = '1',
    mobile_number = '5' || buyer_id;

ALTER TABLE buyers ALTER COLUMN binance_id SET NOT NULL;
ALTER TABLE buyers ALTER COLUMN pay_id SET NOT NULL;
ALTER TABLE buyers ALTER COLUMN email SET NOT NULL;
ALTER TABLE buyers ALTER COLUMN mobile_code SET NOT NULL;
ALTER TABLE buyers ALTER COLUMN mobile_number SET NOT NULL;

CREATE UNIQUE INDEX ux_buyers_binance_id ON buyers(binance_id);
CREATE UNIQUE INDEX ux_buyers_pay_id ON buyers(pay_id);
CREATE UNIQUE INDEX ux_buyers_email ON buyers(email);
CREATE UNIQUE INDEX ux_buyers_mobile ON buyers(mobile_code, mobile_number);
CREATE INDEX ix_buyers_owner ON buyers(owner_merchant_id, created_at_ms, buyer_id);
