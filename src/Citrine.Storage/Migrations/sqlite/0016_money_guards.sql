-- The database guards money too (issue 12 item 7): what the code assumes about amounts and statuses holds whatever a
-- bug or a hand-written statement does. SQLite cannot add a CHECK to an existing table (no ALTER TABLE ADD
-- CONSTRAINT), and rebuilding the five busiest tables would copy every row and re-create their indexes and the
-- append-only triggers; so BEFORE INSERT/UPDATE triggers refuse a bad row instead (PostgreSQL has the same rules as
-- CHECK constraints, 0016 there). They also check typeof(...) = 'integer': SQLite turns an integer overflow in
-- "units + delta" into a REAL and stores it, where PostgreSQL raises; money is integer units of 1e-8 only
-- (docs/decisions.md#amounts). Balances and postings are covered for every account: the 0002 CHECK keeps every
-- balance but the mint's and the exchange's at zero or more, the triggers keep all of them integers.

CREATE TRIGGER orders_money_insert BEFORE INSERT ON orders
WHEN NOT (typeof(NEW.amount_units) = 'integer' AND typeof(NEW.refunded_units) = 'integer'
    AND typeof(NEW.commission_units) = 'integer' AND typeof(NEW.last_refund_units) = 'integer'
    AND NEW.refunded_units BETWEEN 0 AND NEW.amount_units AND NEW.commission_units BETWEEN 0 AND NEW.amount_units
    AND NEW.last_refund_units BETWEEN 0 AND NEW.amount_units AND NEW.refund_count BETWEEN 0 AND 10
    AND (NEW.fiat_amount_units IS NULL OR (typeof(NEW.fiat_amount_units) = 'integer' AND NEW.fiat_amount_units >= 0))
    AND NEW.status IN ('INITIAL', 'PENDING', 'PAID', 'CANCELED', 'ERROR', 'REFUNDING', 'REFUNDED', 'FULL_REFUNDED',
        'EXPIRED'))
BEGIN SELECT RAISE(ABORT, 'orders: amounts must be integer units, 0 <= refunded <= amount, status known'); END;
CREATE TRIGGER orders_money_update BEFORE UPDATE ON orders
WHEN NOT (typeof(NEW.amount_units) = 'integer' AND typeof(NEW.refunded_units) = 'integer'
    AND typeof(NEW.commission_units) = 'integer' AND typeof(NEW.last_refund_units) = 'integer'
    AND NEW.refunded_units BETWEEN 0 AND NEW.amount_units AND NEW.commission_units BETWEEN 0 AND NEW.amount_units
    AND NEW.last_refund_units BETWEEN 0 AND NEW.amount_units AND NEW.refund_count BETWEEN 0 AND 10
    AND (NEW.fiat_amount_units IS NULL OR (typeof(NEW.fiat_amount_units) = 'integer' AND NEW.fiat_amount_units >= 0))
    AND NEW.status IN ('INITIAL', 'PENDING', 'PAID', 'CANCELED', 'ERROR', 'REFUNDING', 'REFUNDED', 'FULL_REFUNDED',
        'EXPIRED'))
BEGIN SELECT RAISE(ABORT, 'orders: amounts must be integer units, 0 <= refunded <= amount, status known'); END;

CREATE TRIGGER refunds_money_insert BEFORE INSERT ON refunds
WHEN NOT (typeof(NEW.refund_units) = 'integer' AND typeof(NEW.refunded_units_after) = 'integer'
    AND typeof(NEW.refund_commission_units) = 'integer' AND typeof(NEW.refunded_commission_after) = 'integer'
    AND NEW.refunded_units_after >= NEW.refund_units
    AND NEW.refunded_commission_after >= NEW.refund_commission_units AND NEW.settle_failures >= 0)
BEGIN SELECT RAISE(ABORT, 'refunds: amounts must be integer units, cumulative >= this refund'); END;
CREATE TRIGGER refunds_money_update BEFORE UPDATE ON refunds
WHEN NOT (typeof(NEW.refund_units) = 'integer' AND typeof(NEW.refunded_units_after) = 'integer'
    AND typeof(NEW.refund_commission_units) = 'integer' AND typeof(NEW.refunded_commission_after) = 'integer'
    AND NEW.refunded_units_after >= NEW.refund_units
    AND NEW.refunded_commission_after >= NEW.refund_commission_units AND NEW.settle_failures >= 0)
BEGIN SELECT RAISE(ABORT, 'refunds: amounts must be integer units, cumulative >= this refund'); END;

CREATE TRIGGER balances_integer_insert BEFORE INSERT ON balances
WHEN typeof(NEW.units) <> 'integer'
BEGIN SELECT RAISE(ABORT, 'balances: units must be an integer (no overflow)'); END;
CREATE TRIGGER balances_integer_update BEFORE UPDATE ON balances
WHEN typeof(NEW.units) <> 'integer'
BEGIN SELECT RAISE(ABORT, 'balances: units must be an integer (no overflow)'); END;

CREATE TRIGGER postings_integer_insert BEFORE INSERT ON postings
WHEN typeof(NEW.units) <> 'integer'
BEGIN SELECT RAISE(ABORT, 'postings: units must be an integer'); END;

CREATE TRIGGER contracts_money_insert BEFORE INSERT ON direct_debit_contracts
WHEN NOT (typeof(NEW.single_upper_limit_units) = 'integer' AND typeof(NEW.debited_units) = 'integer'
    AND NEW.debited_units >= 0 AND NEW.debit_count >= 0)
BEGIN SELECT RAISE(ABORT, 'direct_debit_contracts: amounts must be integer units >= 0'); END;
CREATE TRIGGER contracts_money_update BEFORE UPDATE ON direct_debit_contracts
WHEN NOT (typeof(NEW.single_upper_limit_units) = 'integer' AND typeof(NEW.debited_units) = 'integer'
    AND NEW.debited_units >= 0 AND NEW.debit_count >= 0)
BEGIN SELECT RAISE(ABORT, 'direct_debit_contracts: amounts must be integer units >= 0'); END;

CREATE TRIGGER wallet_transfers_money_insert BEFORE INSERT ON wallet_transfers
WHEN NOT (typeof(NEW.amount_units) = 'integer' AND NEW.status IN ('SUCCESS', 'FAILURE', 'PROCESS'))
BEGIN SELECT RAISE(ABORT, 'wallet_transfers: amount must be integer units, status known'); END;

CREATE TRIGGER outbox_state_insert BEFORE INSERT ON webhook_outbox
WHEN NOT (NEW.state IN ('PENDING', 'DELIVERED', 'FAILED', 'NO_DESTINATION') AND NEW.attempts >= 0)
BEGIN SELECT RAISE(ABORT, 'webhook_outbox: state unknown or attempts negative'); END;
CREATE TRIGGER outbox_state_update BEFORE UPDATE ON webhook_outbox
WHEN NOT (NEW.state IN ('PENDING', 'DELIVERED', 'FAILED', 'NO_DESTINATION') AND NEW.attempts >= 0)
BEGIN SELECT RAISE(ABORT, 'webhook_outbox: state unknown or attempts negative'); END;

-- Items a background loop failed to process (issue 12 item 2; Application/BackgroundFailures.cs): the loop's listing
-- leaves out an item until next_attempt_at_ms, and for good once parked_at_ms is set (after BackgroundRetry.MaxFailures
-- failures), so one item that always fails never holds back the others. last_error is an exception type, never a
-- message. Refund settlement keeps its own columns on refunds (0007).
CREATE TABLE background_failures (
    loop_name TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    merchant_id INTEGER NOT NULL,
    failures INTEGER NOT NULL CHECK (failures > 0),
    next_attempt_at_ms INTEGER NOT NULL,
    parked_at_ms INTEGER NULL,
    last_error TEXT NOT NULL,
    last_failed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (loop_name, item_id)
);
CREATE INDEX ix_background_failures_merchant ON background_failures(merchant_id);
