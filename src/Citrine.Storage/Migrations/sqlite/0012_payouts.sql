-- Batch payouts (issue 9, docs/api-reference.md#payouts). One batch per merchant and requestId (the unique key decides
-- concurrent attempts); its lines carry the per-line status the processor moves with conditional updates, claimed
-- with a lease (lease_until_ms on the server-wide clock, lease_token) so two nodes never work one line at once.
-- expires_at_ms is the end of an awaiting e-mail line's receipt window on its merchant's sandbox clock. A line's
-- effect on the ledger is a PAYOUT or PAYOUT_RETURN journal whose reference is the line id: the partial unique index
-- lets each line be paid or returned at most once, whatever the code does. payouts_frozen is the sandbox flag of a
-- receiver whose payouts fail ("receiver frozen", docs/sandbox.md#payouts).
CREATE TABLE payout_batches (
    batch_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    batch_name TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_units INTEGER NOT NULL CHECK (total_units > 0),
    total_number INTEGER NOT NULL CHECK (total_number > 0),
    biz_scene TEXT NOT NULL,
    webhook_url TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('ACCEPTED', 'PROCESSING', 'SUCCESS', 'PART_SUCCESS', 'FAILED')),
    created_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER NULL,
    UNIQUE (merchant_id, request_id)
);

CREATE TABLE payout_lines (
    line_id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES payout_batches(batch_id),
    merchant_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    merchant_send_id TEXT NOT NULL,
    receive_type TEXT NOT NULL,
    receiver TEXT NOT NULL,
    mobile_code TEXT NULL,
    amount_units INTEGER NOT NULL CHECK (amount_units > 0),
    transfer_method TEXT NOT NULL CHECK (transfer_method IN ('FUNDING_WALLET', 'SPOT_WALLET')),
    remark TEXT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('PROCESSING', 'SUCCESS', 'FAIL', 'AWAITING_RECEIPT', 'REFUNDED')),
    payee_buyer_id INTEGER NULL,
    payee_pay_id INTEGER NULL,
    fail_reason TEXT NULL,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    lease_token TEXT NULL,
    expires_at_ms INTEGER NULL,
    settled_at_ms INTEGER NULL,
    UNIQUE (batch_id, merchant_send_id),
    UNIQUE (batch_id, seq)
);
CREATE INDEX ix_payout_lines_processing ON payout_lines(lease_until_ms) WHERE status = 'PROCESSING';
CREATE INDEX ix_payout_lines_awaiting ON payout_lines(expires_at_ms) WHERE status = 'AWAITING_RECEIPT';

CREATE UNIQUE INDEX ux_journals_payout_line ON journals(reference) WHERE kind IN ('PAYOUT', 'PAYOUT_RETURN');

ALTER TABLE buyers ADD COLUMN payouts_frozen INTEGER NOT NULL DEFAULT 0;
