-- The request journal (issue 14): one row per merchant request, written in batches by a background writer and pruned
-- by age and by count per merchant (docs/observability.md#request-journal). body_excerpt is already redacted; the
-- raw body is never stored. Checks not reached by the authenticator are NULL.
CREATE TABLE request_journal (
    entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    http_status INTEGER NOT NULL,
    code TEXT NOT NULL,
    latency_ms INTEGER NOT NULL,
    rule TEXT NULL,
    signed_timestamp TEXT NULL,
    timestamp_check TEXT NULL,
    signed_nonce TEXT NULL,
    nonce_check TEXT NULL,
    signature_check TEXT NULL,
    body_excerpt TEXT NULL,
    body_bytes INTEGER NOT NULL
);

CREATE INDEX ix_request_journal_merchant ON request_journal(merchant_id, entry_id);
CREATE INDEX ix_request_journal_age ON request_journal(at_ms);
