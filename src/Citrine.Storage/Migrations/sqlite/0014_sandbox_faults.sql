-- Sandbox fault injection (issue 15 item 4, docs/sandbox.md#fault-injection): per merchant, the next `count` requests
-- matching a path (or all), or the next `count` webhook deliveries, misbehave on purpose. The rules live here so every
-- node sharing the database honours them; `remaining` is consumed by one conditional UPDATE (remaining > 0), so two
-- requests racing for the last one never both get it. Cleared rules are deleted; spent ones stay (remaining = 0) until
-- the next clear, so `faults list` shows what fired.
CREATE TABLE sandbox_faults (
    fault_id INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id INTEGER NOT NULL REFERENCES merchants(merchant_id),
    kind TEXT NOT NULL CHECK (kind IN ('STATUS', 'STALL', 'DROP', 'DUPLICATE', 'DELAY', 'REORDER')),
    path_match TEXT NOT NULL CHECK (path_match IN ('ALL', 'EXACT', 'PREFIX')),
    path TEXT,
    http_status INTEGER,
    duration_ms INTEGER,
    retry_after_s INTEGER,
    count INTEGER NOT NULL CHECK (count > 0),
    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= count),
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_sandbox_faults_merchant ON sandbox_faults(merchant_id, fault_id);
