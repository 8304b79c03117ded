-- Reports (issue 10 item 3, docs/api-reference.md#reports). A balance report is a job: one row per downloadId, made
-- PROCESSING by the request and moved by the report processor with conditional updates (lease_until_ms on the
-- server-wide clock and lease_token, so two nodes never build one job at once and a crashed node's job is taken
-- again once its lease runs out). result_json holds the computed rows (the file is rendered from them on download);
-- expires_at_ms is the end of the download link on the merchant's sandbox clock. report_quota counts the jobs of a
-- merchant's month (its sandbox clock): the conditional upsert is the 50-a-month cap, decided by the database.
CREATE TABLE balance_reports (
    download_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    wallet_type TEXT NULL CHECK (wallet_type IS NULL OR wallet_type IN ('FUNDING_WALLET', 'SPOT_WALLET')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PROCESSING', 'SUCCESS', 'FAILED', 'EXPIRED')),
    base_url TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    lease_token TEXT NULL,
    result_json TEXT NULL,
    finished_at_ms INTEGER NULL,
    expires_at_ms INTEGER NULL
);
CREATE INDEX ix_balance_reports_processing ON balance_reports(lease_until_ms) WHERE status = 'PROCESSING';
CREATE INDEX ix_balance_reports_merchant ON balance_reports(merchant_id);

CREATE TABLE report_quota (
    merchant_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    used INTEGER NOT NULL CHECK (used > 0),
    PRIMARY KEY (merchant_id, month)
) WITHOUT ROWID;

-- The secret of signed download links, shared by every node: created once by the first node that needs it.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
