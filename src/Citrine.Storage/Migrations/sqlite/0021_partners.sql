-- Partners (issue 11, docs/api-reference.md#partners): share account id requests, technical service providers and
-- their authorisations, and merchant QR code scans.
--
-- share_requests: one row per (merchant, requestId); a replayed requestId answers the stored row. status moves
-- CREATED → SHARED once, by a conditional update in the same transaction as the SHARE_ACCOUNT_ID webhook; expiry is
-- not stored: a CREATED row whose expire_at_ms has passed on the merchant's clock is EXPIRED when read. code is the
-- unguessable capability in the consent page's URL.
CREATE TABLE share_requests (
    id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    sub_merchant_id INTEGER NULL,
    webhook_url TEXT NULL,
    code TEXT NOT NULL UNIQUE,
    expire_at_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('CREATED', 'SHARED')),
    buyer_id INTEGER NULL,
    created_at_ms INTEGER NOT NULL,
    shared_at_ms INTEGER NULL,
    UNIQUE (merchant_id, request_id)
);

-- A merchant the administrator made a technical service provider, with the scopes it may ask for.
CREATE TABLE tsp_providers (
    merchant_id INTEGER PRIMARY KEY,
    scopes TEXT NOT NULL,
    allow_fee_share INTEGER NOT NULL DEFAULT 0
);

-- One authorisation per (provider, merchant): PENDING → AUTHORIZED | REJECTED; AUTHORIZED → DISABLED. token is what a
-- delegated call presents, NULL until the merchant agrees (docs/compatibility.md#technical-service-providers); code is
-- the consent page's capability.
CREATE TABLE tsp_authorizations (
    authorization_id INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL,
    merchant_id INTEGER NOT NULL,
    token TEXT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'AUTHORIZED', 'REJECTED', 'DISABLED')),
    scopes TEXT NOT NULL,
    ip_whitelist TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (provider_id, merchant_id)
);
CREATE INDEX ix_tsp_authorizations_merchant ON tsp_authorizations(merchant_id);

-- A scan of a merchant-owned QR code: refer_id is single-use by a v3 order (order_prepay_id set once).
CREATE TABLE merchant_qr_scans (
    refer_id INTEGER PRIMARY KEY,
    merchant_id INTEGER NOT NULL,
    qr_content TEXT NOT NULL,
    qr_code_type TEXT NOT NULL CHECK (qr_code_type IN ('FIXED_AMOUNT', 'USER_INPUT_AMOUNT')),
    amount TEXT NULL,
    currency TEXT NULL,
    order_prepay_id INTEGER NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX ix_merchant_qr_scans_merchant ON merchant_qr_scans(merchant_id);
