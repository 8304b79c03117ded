-- Profit sharing (issue 10 item 1, docs/api-reference.md#profit-sharing). A merchant's receiver registry keyed by
-- (merchant, account): the account is a sandbox buyer's Binance ID. An order created with orderTags.ifProfitSharing
-- carries profit_sharing = 1; split_units is what its splits hold now (lines not failed, minus what was returned):
-- submit-split raises it with a conditional update that never passes the order's net amount, so concurrent splits
-- of one order are decided by the database, and a CHECK refuses any other write that would. A split reserves its
-- total (FUNDING available -> FUNDING freeze, SPLIT_RESERVE) with its lines; the processor pays each PROCESSING line
-- (SPLIT: freeze -> receiver) or fails it (SPLIT_RELEASE: freeze -> available), at most once per line by the partial
-- unique index. A return takes back part of a paid line (SPLIT_RETURN: receiver -> FUNDING available).
ALTER TABLE orders ADD COLUMN profit_sharing BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN split_units BIGINT NOT NULL DEFAULT 0;

ALTER TABLE orders ADD CONSTRAINT ck_orders_split_units
    CHECK (split_units >= 0 AND split_units <= amount_units - commission_units);

CREATE TABLE split_receivers (
    merchant_id BIGINT NOT NULL,
    account TEXT NOT NULL,
    buyer_id BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, account)
);

CREATE TABLE split_orders (
    split_id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL,
    merchant_request_id TEXT NOT NULL,
    prepay_id BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_units BIGINT NOT NULL CHECK (total_units > 0),
    status TEXT NOT NULL CHECK (status IN ('WAITING', 'PROCESSING', 'FINISHED')),
    created_at_ms BIGINT NOT NULL,
    finished_at_ms BIGINT NULL,
    UNIQUE (merchant_id, merchant_request_id)
);
CREATE INDEX ix_split_orders_order ON split_orders(prepay_id);

CREATE TABLE split_lines (
    detail_id BIGINT PRIMARY KEY,
    split_id BIGINT NOT NULL REFERENCES split_orders(split_id),
    merchant_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    account TEXT NOT NULL,
    amount_units BIGINT NOT NULL CHECK (amount_units > 0),
    description TEXT NOT NULL,
    webhook_url TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('PROCESSING', 'SUCCESS', 'FAIL')),
    payee_buyer_id BIGINT NULL,
    fail_reason TEXT NULL,
    returned_units BIGINT NOT NULL DEFAULT 0 CHECK (returned_units >= 0 AND returned_units <= amount_units),
    lease_until_ms BIGINT NOT NULL DEFAULT 0,
    lease_token TEXT NULL,
    finished_at_ms BIGINT NULL,
    UNIQUE (split_id, account),
    UNIQUE (split_id, seq)
);
CREATE INDEX ix_split_lines_processing ON split_lines(lease_until_ms) WHERE status = 'PROCESSING';

CREATE TABLE split_returns (
    return_id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL,
    merchant_return_no TEXT NOT NULL,
    prepay_id BIGINT NOT NULL,
    split_id BIGINT NOT NULL,
    detail_id BIGINT NULL,
    fingerprint TEXT NOT NULL,
    transfer_out_account TEXT NOT NULL,
    amount_units BIGINT NOT NULL CHECK (amount_units > 0),
    description TEXT NULL,
    webhook_url TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('PROCESSING', 'SUCCESS', 'FAIL')),
    fail_reason TEXT NULL,
    created_at_ms BIGINT NOT NULL,
    finished_at_ms BIGINT NULL,
    UNIQUE (merchant_id, merchant_return_no)
);

CREATE UNIQUE INDEX ux_journals_split_line ON journals(reference) WHERE kind IN ('SPLIT', 'SPLIT_RELEASE');
CREATE UNIQUE INDEX ux_journals_split_return ON journals(reference) WHERE kind = 'SPLIT_RETURN';
