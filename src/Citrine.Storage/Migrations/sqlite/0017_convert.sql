-- Convert (issue 10 item 2; docs/api-reference.md#convert): the per-merchant whitelist flag, OTC quotes and the trade
-- orders that execute them. A quote executes at most once: execute-quote sets its order_id with a conditional update
-- (order_id IS NULL and not expired by the merchant's clock), so the database decides between concurrent executions;
-- the unique quote_id of convert_trades is a second guard. Amounts are integer units of 1e-8.
ALTER TABLE merchants ADD COLUMN convert_enabled INTEGER NOT NULL DEFAULT 0;

CREATE TABLE convert_quotes (
    quote_id TEXT PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    wallet TEXT NOT NULL CHECK (wallet IN ('FUNDING_WALLET', 'SPOT_WALLET')),
    from_asset TEXT NOT NULL,
    to_asset TEXT NOT NULL,
    from_units INTEGER NOT NULL CHECK (typeof(from_units) = 'integer' AND from_units > 0),
    to_units INTEGER NOT NULL CHECK (typeof(to_units) = 'integer' AND to_units > 0),
    ratio_units INTEGER NOT NULL CHECK (ratio_units > 0),
    inverse_units INTEGER NOT NULL CHECK (inverse_units > 0),
    created_at_ms INTEGER NOT NULL,
    expire_at_ms INTEGER NOT NULL,
    order_id TEXT NULL
) WITHOUT ROWID;
CREATE INDEX ix_convert_quotes_merchant ON convert_quotes(merchant_id);

CREATE TABLE convert_trades (
    order_id TEXT PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    quote_id TEXT NOT NULL UNIQUE,
    wallet TEXT NOT NULL CHECK (wallet IN ('FUNDING_WALLET', 'SPOT_WALLET')),
    from_asset TEXT NOT NULL,
    to_asset TEXT NOT NULL,
    from_units INTEGER NOT NULL CHECK (typeof(from_units) = 'integer' AND from_units > 0),
    to_units INTEGER NOT NULL CHECK (typeof(to_units) = 'integer' AND to_units > 0),
    ratio_units INTEGER NOT NULL CHECK (ratio_units > 0),
    inverse_units INTEGER NOT NULL CHECK (inverse_units > 0),
    status TEXT NOT NULL CHECK (status IN ('PROCESS', 'SUCCESS', 'FAIL')),
    create_time_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_convert_trades_merchant ON convert_trades(merchant_id);

-- Trades deleted by a sandbox reset: their CONVERT journals stay (append-only) and the auditor accepts them.
CREATE TABLE sandbox_reset_convert_trades (
    order_id TEXT PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    reset_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
