-- Merchants as profit-sharing receivers (issue 10 item 1; docs/compatibility.md#profit-sharing). A merchant's account
-- is its 9-digit merchantId (buyers' Binance IDs start at 1000000001, so the two never meet). Only a merchant the
-- operator lets receive splits (accepts_splits) can be registered: receiving money changes another tenant's wallet.
-- A receiver row names exactly one payee, a buyer or a merchant; a paid line records the one it paid.
ALTER TABLE merchants ADD COLUMN accepts_splits INTEGER NOT NULL DEFAULT 0 CHECK (accepts_splits IN (0, 1));

CREATE TABLE split_receivers_v2 (
    merchant_id INTEGER NOT NULL,
    account TEXT NOT NULL,
    buyer_id INTEGER NULL,
    receiver_merchant_id INTEGER NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, account),
    CHECK ((buyer_id IS NULL) <> (receiver_merchant_id IS NULL)),
    CHECK (receiver_merchant_id IS NULL OR receiver_merchant_id <> merchant_id)
);
INSERT INTO split_receivers_v2 (merchant_id, account, buyer_id, receiver_merchant_id, created_at_ms)
SELECT merchant_id, account, buyer_id, NULL, created_at_ms FROM split_receivers;
DROP TABLE split_receivers;
ALTER TABLE split_receivers_v2 RENAME TO split_receivers;

ALTER TABLE split_lines ADD COLUMN payee_merchant_id INTEGER NULL
    CHECK (payee_merchant_id IS NULL OR payee_buyer_id IS NULL);
