-- Per-merchant sandbox clock (issue 12, docs/sandbox.md#sandbox-clock): a merchant's business time is the wall clock
-- plus the server-wide offset (sandbox_clock) plus its own offset here. A merchant without a row has offset 0. The
-- offset only grows (a reset keeps it), so a node's cached copy is never ahead of the database.
CREATE TABLE sandbox_merchant_clock (
    merchant_id BIGINT PRIMARY KEY REFERENCES merchants(merchant_id),
    offset_ms BIGINT NOT NULL CHECK (offset_ms >= 0)
);
