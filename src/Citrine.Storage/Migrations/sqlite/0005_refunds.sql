-- Refunds (docs/api-reference.md#refunds, issue 5). Every refund of one order is decided by one conditional UPDATE on
-- the order row (refund_count < 10, refunded_units + amount <= amount_units, status refundable), which also serialises
-- them; the refundRequestId is unique per merchant. last_refund_units holds what the latest accepted refund took (the
-- 10th takes the whole remainder whatever was asked). reject_next_refund is the sandbox helper's flag.
ALTER TABLE orders ADD COLUMN refund_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN last_refund_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN reject_next_refund INTEGER NOT NULL DEFAULT 0;

CREATE TABLE refunds (
    refund_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants(merchant_id),
    refund_request_id TEXT NOT NULL,
    prepay_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    refund_units INTEGER NOT NULL CHECK (refund_units > 0),
    refunded_units_after INTEGER NOT NULL,
    refund_commission_units INTEGER NOT NULL CHECK (refund_commission_units >= 0),
    refunded_commission_after INTEGER NOT NULL,
    remaining_attempts INTEGER NOT NULL,
    refund_reason TEXT NULL,
    webhook_url TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('REFUND_PENDING', 'REFUND_SUCCESS', 'REFUND_FAIL')),
    reject INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    settled_at_ms INTEGER NULL,
    UNIQUE (merchant_id, refund_request_id)
);
CREATE INDEX ix_refunds_order ON refunds(prepay_id);
CREATE INDEX ix_refunds_pending ON refunds(created_at_ms) WHERE status = 'REFUND_PENDING';
