-- Merchants as profit-sharing receivers (issue 10 item 1; docs/compatibility.md#profit-sharing). A merchant's account
-- is its 9-digit merchantId (buyers' Binance IDs start at 1000000001, so the two never meet). Only a merchant the
-- operator lets receive splits (accepts_splits) can be registered: receiving money changes another tenant's wallet.
-- A receiver row names exactly one payee, a buyer or a merchant; a paid line records the one it paid.
ALTER TABLE merchants ADD COLUMN accepts_splits BIGINT NOT NULL DEFAULT 0 CHECK (accepts_splits IN (0, 1));

ALTER TABLE split_receivers ALTER COLUMN buyer_id DROP NOT NULL;
ALTER TABLE split_receivers ADD COLUMN receiver_merchant_id BIGINT NULL;
ALTER TABLE split_receivers ADD CONSTRAINT ck_split_receivers_one_payee
    CHECK ((buyer_id IS NULL) <> (receiver_merchant_id IS NULL));
ALTER TABLE split_receivers ADD CONSTRAINT ck_split_receivers_not_self
    CHECK (receiver_merchant_id IS NULL OR receiver_merchant_id <> merchant_id);

ALTER TABLE split_lines ADD COLUMN payee_merchant_id BIGINT NULL;
ALTER TABLE split_lines ADD CONSTRAINT ck_split_lines_one_payee
    CHECK (payee_merchant_id IS NULL OR payee_buyer_id IS NULL);
