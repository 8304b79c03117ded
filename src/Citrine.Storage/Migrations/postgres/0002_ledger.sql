-- Sandbox buyers, the double-entry ledger, and the sandbox clock (issue 3).

CREATE TABLE buyers (
    buyer_id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

-- Append-only: the trigger below refuses UPDATE and DELETE. A correction is a new journal.
CREATE TABLE journals (
    journal_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    order_id BIGINT NULL,
    created_at_ms BIGINT NOT NULL
);
-- At most one payment journal per order, whatever the code does.
CREATE UNIQUE INDEX ux_journals_payment_order ON journals(order_id) WHERE kind = 'PAYMENT';

CREATE TABLE postings (
    posting_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    journal_id BIGINT NOT NULL REFERENCES journals(journal_id),
    account TEXT NOT NULL,
    asset TEXT NOT NULL,
    units BIGINT NOT NULL CHECK (units <> 0)
);
CREATE INDEX ix_postings_journal ON postings(journal_id);
CREATE INDEX ix_postings_account ON postings(account, asset);

-- Materialised per (account, asset), updated in the transaction that posts. Only the outside world (sandbox:mint)
-- and the conversion desk (platform:exchange) may go negative: the database refuses anything else.
CREATE TABLE balances (
    account TEXT NOT NULL,
    asset TEXT NOT NULL,
    units BIGINT NOT NULL,
    PRIMARY KEY (account, asset),
    CHECK (units >= 0 OR account IN ('sandbox:mint', 'platform:exchange'))
);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER journals_append_only BEFORE UPDATE OR DELETE ON journals
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- One row: how far the sandbox clock runs ahead of the wall clock. It only grows.
CREATE TABLE sandbox_clock (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    offset_ms BIGINT NOT NULL CHECK (offset_ms >= 0)
);
INSERT INTO sandbox_clock (id, offset_ms) VALUES (1, 0);

-- Paid orders deleted by a sandbox reset: their payment journals stay (append-only) and the auditor accepts them.
CREATE TABLE sandbox_reset_orders (
    prepay_id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL,
    reset_at_ms BIGINT NOT NULL
);
