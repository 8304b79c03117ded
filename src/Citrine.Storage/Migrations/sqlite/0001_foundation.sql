CREATE TABLE merchants (
    merchant_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    webhook_url TEXT NULL,
    direct_debit_enabled INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE sub_merchants (
    sub_merchant_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants(merchant_id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE api_keys (
    api_key TEXT PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants(merchant_id),
    secret_cipher BLOB NOT NULL,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER NULL
);

CREATE TABLE nonces (
    api_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    used_at_ms INTEGER NOT NULL,
    PRIMARY KEY (api_key, nonce)
) WITHOUT ROWID;
CREATE INDEX ix_nonces_used_at ON nonces(used_at_ms);

CREATE TABLE orders (
    prepay_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL REFERENCES merchants(merchant_id),
    sub_merchant_id INTEGER NULL,
    merchant_trade_no TEXT NOT NULL,
    api_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_units INTEGER NOT NULL CHECK (amount_units > 0),
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
    fiat_amount_units INTEGER NULL,
    checkout_code TEXT NOT NULL UNIQUE,
    expire_time_ms INTEGER NOT NULL,
    create_time_ms INTEGER NOT NULL,
    transact_time_ms INTEGER NULL,
    transaction_id TEXT NULL,
    open_user_id TEXT NULL,
    payer_id INTEGER NULL,
    payment_info_json TEXT NULL,
    commission_units INTEGER NOT NULL DEFAULT 0,
    refunded_units INTEGER NOT NULL DEFAULT 0,
    UNIQUE (merchant_id, merchant_trade_no)
);
CREATE INDEX ix_orders_open_expiry ON orders(expire_time_ms) WHERE status IN ('INITIAL', 'PENDING');

CREATE TABLE webhook_outbox (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id INTEGER NOT NULL,
    stream_key TEXT NOT NULL,
    biz_type TEXT NOT NULL,
    biz_id INTEGER NOT NULL,
    biz_status TEXT NOT NULL,
    data_json TEXT NOT NULL,
    webhook_url TEXT NULL,
    state TEXT NOT NULL DEFAULT 'PENDING',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    delivered_at_ms INTEGER NULL,
    last_error TEXT NULL
);
CREATE INDEX ix_outbox_due ON webhook_outbox(state, next_attempt_at_ms);
CREATE INDEX ix_outbox_stream ON webhook_outbox(stream_key, event_id);
CREATE INDEX ix_outbox_merchant ON webhook_outbox(merchant_id, event_id);
