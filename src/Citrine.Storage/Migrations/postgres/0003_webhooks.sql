-- Webhook signing keys: key_id is the generation (1 = first key); the primary key decides between nodes that race to
-- create or rotate. The private key is encrypted with the master key (AES-GCM, SecretProtector).
CREATE TABLE webhook_keys (
    key_id BIGINT PRIMARY KEY,
    cert_serial TEXT NOT NULL UNIQUE,
    public_pem TEXT NOT NULL,
    private_cipher BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL,
    retired_at_ms BIGINT NULL
);

-- The holder of a claim; outcomes are written only with the matching token.
ALTER TABLE webhook_outbox ADD COLUMN lease_token TEXT NULL;
-- Manual redeliveries so far; each starts a new round of attempts.
ALTER TABLE webhook_outbox ADD COLUMN redeliveries BIGINT NOT NULL DEFAULT 0;
CREATE INDEX ix_outbox_pending_stream ON webhook_outbox(stream_key, event_id) WHERE state = 'PENDING';

-- The delivery log: one row per attempt.
CREATE TABLE webhook_attempts (
    attempt_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES webhook_outbox(event_id) ON DELETE CASCADE,
    delivery_round BIGINT NOT NULL,
    attempt BIGINT NOT NULL,
    attempted_at_ms BIGINT NOT NULL,
    destination TEXT NOT NULL,
    http_status BIGINT NULL,
    latency_ms BIGINT NOT NULL,
    response_excerpt TEXT NULL,
    error TEXT NULL,
    delivered BIGINT NOT NULL,
    signed_timestamp TEXT NOT NULL,
    signed_nonce TEXT NOT NULL,
    cert_serial TEXT NOT NULL,
    UNIQUE (event_id, delivery_round, attempt)
);
