-- The database guards money too (issue 12 item 7): what the code assumes about amounts and statuses holds whatever a
-- bug or a hand-written statement does. BIGINT columns are integers and an overflow raises, so only ranges and sets
-- are checked here; SQLite has the same rules as triggers (0016 there says why). Balances: the 0002 CHECK already keeps
-- every account but the mint's and the exchange's at zero or more.

ALTER TABLE orders ADD CONSTRAINT ck_orders_money CHECK (
    refunded_units BETWEEN 0 AND amount_units AND commission_units BETWEEN 0 AND amount_units
    AND last_refund_units BETWEEN 0 AND amount_units AND refund_count BETWEEN 0 AND 10
    AND (fiat_amount_units IS NULL OR fiat_amount_units >= 0));
ALTER TABLE orders ADD CONSTRAINT ck_orders_status CHECK (status IN ('INITIAL', 'PENDING', 'PAID', 'CANCELED',
    'ERROR', 'REFUNDING', 'REFUNDED', 'FULL_REFUNDED', 'EXPIRED'));

ALTER TABLE refunds ADD CONSTRAINT ck_refunds_money CHECK (
    refunded_units_after >= refund_units AND refunded_commission_after >= refund_commission_units
    AND settle_failures >= 0);

ALTER TABLE direct_debit_contracts ADD CONSTRAINT ck_contracts_money CHECK (debited_units >= 0 AND debit_count >= 0);

ALTER TABLE wallet_transfers ADD CONSTRAINT ck_wallet_transfers_status
    CHECK (status IN ('SUCCESS', 'FAILURE', 'PROCESS'));

ALTER TABLE webhook_outbox ADD CONSTRAINT ck_outbox_state
    CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED', 'NO_DESTINATION') AND attempts >= 0);

-- Items a background loop failed to process (issue 12 item 2; Application/BackgroundFailures.cs): the loop's listing
-- leaves out an item until next_attempt_at_ms, and for good once parked_at_ms is set (after BackgroundRetry.MaxFailures
-- failures), so one item that always fails never holds back the others. last_error is an exception type, never a
-- message. Refund settlement keeps its own columns on refunds (0007).
CREATE TABLE background_failures (
    loop_name TEXT NOT NULL,
    item_id BIGINT NOT NULL,
    merchant_id BIGINT NOT NULL,
    failures BIGINT NOT NULL CHECK (failures > 0),
    next_attempt_at_ms BIGINT NOT NULL,
    parked_at_ms BIGINT NULL,
    last_error TEXT NOT NULL,
    last_failed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (loop_name, item_id)
);
CREATE INDEX ix_background_failures_merchant ON background_failures(merchant_id);
