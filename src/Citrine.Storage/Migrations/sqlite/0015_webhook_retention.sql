-- Retention of finished webhook events (Citrine:Retention): a loop deletes DELIVERED, FAILED and NO_DESTINATION events
-- older than the configured hours, with their attempts. Per merchant it records the creation time below which its
-- events may be gone, so the ledger auditor knows that an order older than that may have lost its terminal PAY event
-- to retention rather than never had one.
CREATE TABLE webhook_retention (
    merchant_id INTEGER PRIMARY KEY,
    pruned_before_ms INTEGER NOT NULL
);
CREATE INDEX ix_outbox_finished ON webhook_outbox(state, created_at_ms);
