-- Sandbox buyers, the double-entry ledger, and the sandbox clock (issue 3).

CREATE TABLE buyers (
    buyer_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

-- Append-only: the triggers below refuse UPDATE and DELETE. A correction is a new journal.
CREATE TABLE journals (
    journal_id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    order_id INTEGER NULL,
    created_at_ms INTEGER NOT NULL
);
-- At most one payment journal per order, whatever the code does.
CREATE UNIQUE INDEX ux_journals_payment_order ON journals(order_id) WHERE kind = 'PAYMENT';

CREATE TABLE postings (
    posting_id INTEGER PRIMARY KEY AUTOINCREMENT,
    journal_id INTEGER NOT NULL REFERENCES journals(journal_id),
    account TEXT NOT NULL,
    asset TEXT NOT NULL,
    units INTEGER NOT NULL CHECK (units <> 0)
);
CREATE INDEX ix_postings_journal ON postings(journal_id);
CREATE INDEX ix_postings_account ON postings(account, asset);

-- Materialised per (account, asset), updated in the transaction that posts. Only the outside world (sandbox:mint)
-- and the conversion desk (platform:exchange) may go negative: the database refuses anything else.
CREATE TABLE balances (
    account TEXT NOT NULL,
    asset TEXT NOT NULL,
    units INTEGER NOT NULL,
    PRIMARY KEY (account, asset),
    CHECK (units >= 0 OR account IN ('sandbox:mint', 'platform:exchange'))
) WITHOUT ROWID;

CREATE TRIGGER journals_append_only_update BEFORE UPDATE ON journals
BEGIN SELECT RAISE(ABORT, 'journals are append-only'); END;
CREATE TRIGGER journals_append_only_delete BEFORE DELETE ON journals
BEGIN SELECT RAISE(ABORT, 'journals are append-only'); END;
CREATE TRIGGER postings_append_only_update BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER postings_append_only_delete BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;

-- One row: how far the sandbox clock runs ahead of the wall clock. It only grows.
CREATE TABLE sandbox_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    offset_ms INTEGER NOT NULL CHECK (offset_ms >= 0)
);
INSERT INTO sandbox_clock (id, offset_ms) VALUES (1, 0);

-- Paid orders deleted by a sandbox reset: their payment journals stay (append-only) and the auditor accepts them.
CREATE TABLE sandbox_reset_orders (
    prepay_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    reset_at_ms INTEGER NOT NULL
);
