-- Profit sharing (issue 10 item 1, docs/api-reference.md#profit-sharing). A merchant's receiver registry keyed by
-- (merchant, account): the account is a sandbox buyer's Binance ID. An order created with orderTags.ifProfitSharing
-- carries profit_sharing = 1; split_units is what its splits hold now (lines not failed, minus what was returned):
-- submit-split raises it with a conditional update that never passes the order's net amount, so concurrent splits
-- of one order are decided by the database, and a trigger refuses any other write that would. A split reserves its
-- total (FUNDING available -> FUNDING freeze, SPLIT_RESERVE) with its lines; the processor pays each PROCESSING line
-- (SPLIT: freeze -> receiver) or fails it (SPLIT_RELEASE: freeze -> available), at most once per line by the partial
-- unique index. A return takes back part of a paid line (SPLIT_RETURN: receiver -> FUNDING available).
ALTER TABLE orders ADD COLUMN profit_sharing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN split_units INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER orders_split_update BEFORE UPDATE OF split_units ON orders
WHEN NOT (typeof(NEW.split_units) = 'integer' AND NEW.split_units >= 0
    AND NEW.split_units <= NEW.amount_units - NEW.commission_units)
BEGIN SELECT RAISE(ABORT, 'orders: 0 <= split_units <= amount - commission'); END;

CREATE TABLE split_receivers (
    merchant_id INTEGER NOT NULL,
    account TEXT NOT NULL,
    buyer_id INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, account)
);

CREATE TABLE split_orders (
    split_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    merchant_request_id TEXT NOT NULL,
    prepay_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_units INTEGER NOT NULL CHECK (total_units > 0),
    status TEXT NOT NULL CHECK (status IN ('WAITING', 'PROCESSING', 'FINISHED')),
    created_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER NULL,
    UNIQUE (merchant_id, merchant_request_id)
);
CREATE INDEX ix_split_orders_order ON split_orders(prepay_id);

CREATE TABLE split_lines (
    detail_id INTEGER PRIMARY KEY,
    split_id INTEGER NOT NULL REFERENCES split_orders(split_id),
    merchant_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    account TEXT NOT NULL,
    amount_units INTEGER NOT NULL CHECK (amount_units > 0),
    description TEXT NOT NULL,
    webhook_url TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('PROCESSING', 'SUCCESS', 'FAIL')),
    payee_buyer_id INTEGER NULL,
    fail_reason TEXT NULL,
    returned_units INTEGER NOT NULL DEFAULT 0 CHECK (returned_units >= 0 AND returned_units <= amount_units),
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    lease_token TEXT NULL,
    finished_at_ms INTEGER NULL,
    UNIQUE (split_id, account),
    UNIQUE (split_id, seq)
);
CREATE INDEX ix_split_lines_processing ON split_lines(lease_until_ms) WHERE status = 'PROCESSING';

CREATE TABLE split_returns (
    return_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    merchant_return_no TEXT NOT NULL,
    prepay_id INTEGER NOT NULL,
    split_id INTEGER NOT NULL,
    detail_id INTEGER NULL,
    fingerprint TEXT NOT NULL,
    transfer_out_account TEXT NOT NULL,
    amount_units INTEGER NOT NULL CHECK (amount_units > 0),
    description TEXT NULL,
    webhook_url TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('PROCESSING', 'SUCCESS', 'FAIL')),
    fail_reason TEXT NULL,
    created_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER NULL,
    UNIQUE (merchant_id, merchant_return_no)
);

CREATE UNIQUE INDEX ux_journals_split_line ON journals(reference) WHERE kind IN ('SPLIT', 'SPLIT_RELEASE');
CREATE UNIQUE INDEX ux_journals_split_return ON journals(reference) WHERE kind = 'SPLIT_RETURN';
