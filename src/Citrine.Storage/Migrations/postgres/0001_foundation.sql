CREATE TABLE merchants (
    merchant_id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    webhook_url TEXT NULL,
    direct_debit_enabled BIGINT NOT NULL DEFAULT 0,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE sub_merchants (
    sub_merchant_id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES merchants(merchant_id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE api_keys (
    api_key TEXT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES merchants(merchant_id),
    secret_cipher BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL,
    revoked_at_ms BIGINT NULL
);

CREATE TABLE nonces (
    api_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    used_at_ms BIGINT NOT NULL,
    PRIMARY KEY (api_key, nonce)
);
CREATE INDEX ix_nonces_used_at ON nonces(used_at_ms);

CREATE TABLE orders (
    prepay_id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES merchants(merchant_id),
    sub_merchant_id BIGINT NULL,
    merchant_trade_no TEXT NOT NULL,
    api_version BIGINT NOT NULL,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_units BIGINT NOT NULL CHECK (amount_units > 0),
    terminal_type TEXT NOT NULL,
    product_type TEXT NULL,
    product_name TEXT NOT NULL,
    product_detail TEXT NULL,
    return_url TEXT NULL,
    cancel_url TEXT NULL,
    webhook_url TEXT NULL,
    pass_through_info TEXT NULL,
    support_pay_currency TEXT NULL,
    fiat_currency TEXT NULL,
    fiat_amount_units BIGINT NULL,
    checkout_code TEXT NOT NULL UNIQUE,
    expire_time_ms BIGINT NOT NULL,
    create_time_ms BIGINT NOT NULL,
    transact_time_ms BIGINT NULL,
    transaction_id TEXT NULL,
    open_user_id TEXT NULL,
    payer_id BIGINT NULL,
    payment_info_json TEXT NULL,
    commission_units BIGINT NOT NULL DEFAULT 0,
    refunded_units BIGINT NOT NULL DEFAULT 0,
    UNIQUE (merchant_id, merchant_trade_no)
);
CREATE INDEX ix_orders_open_expiry ON orders(expire_time_ms) WHERE status IN ('INITIAL', 'PENDING');

CREATE TABLE webhook_outbox (
    event_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merchant_id BIGINT NOT NULL,
    stream_key TEXT NOT NULL,
    biz_type TEXT NOT NULL,
    biz_id BIGINT NOT NULL,
    biz_status TEXT NOT NULL,
    data_json TEXT NOT NULL,
    webhook_url TEXT NULL,
    state TEXT NOT NULL DEFAULT 'PENDING',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at_ms BIGINT NOT NULL,
    lease_until_ms BIGINT NOT NULL DEFAULT 0,
    created_at_ms BIGINT NOT NULL,
    delivered_at_ms BIGINT NULL,
    last_error TEXT NULL
);
CREATE INDEX ix_outbox_due ON webhook_outbox(state, next_attempt_at_ms);
CREATE INDEX ix_outbox_stream ON webhook_outbox(stream_key, event_id);
CREATE INDEX ix_outbox_merchant ON webhook_outbox(merchant_id, event_id);
