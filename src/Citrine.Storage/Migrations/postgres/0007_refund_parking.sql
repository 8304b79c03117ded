-- Isolation of refund settlement (issue 12): a refund whose settlement fails is retried later (next_settle_at_ms, with
-- a growing backoff) and, after RefundSettlement.MaxFailures failures or at once when its order is gone, parked
-- (parked_at_ms set): it keeps its wire status REFUND_PENDING but the settlement loop no longer picks it up.
-- last_settle_error names the failure (an outcome or an exception type, never a message).
ALTER TABLE refunds ADD COLUMN settle_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN next_settle_at_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN parked_at_ms BIGINT NULL;
ALTER TABLE refunds ADD COLUMN last_settle_error TEXT NULL;
