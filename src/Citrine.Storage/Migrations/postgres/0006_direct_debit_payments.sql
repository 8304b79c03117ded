-- Direct-debit payments (docs/api-reference.md#payment-notification, #payment-apply, issue 5). merchantRequestId is
-- unique per merchant for each of the two calls; the fingerprint tells a replay from a different body under the same
-- id. A pay/apply row commits with its contract debit, its PAID order, its payment journal and its PAY_SUCCESS event,
-- or not at all.
CREATE TABLE direct_debit_payments (
    merchant_id BIGINT NOT NULL REFERENCES merchants(merchant_id),
    merchant_request_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    contract_id BIGINT NOT NULL,
    prepay_id BIGINT NOT NULL,
    amount_units BIGINT NOT NULL CHECK (amount_units > 0),
    applied_time_ms BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, merchant_request_id)
);

CREATE TABLE direct_debit_notifications (
    merchant_id BIGINT NOT NULL REFERENCES merchants(merchant_id),
    merchant_request_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    order_id BIGINT NOT NULL,
    contract_id BIGINT NOT NULL,
    estimated_units BIGINT NOT NULL CHECK (estimated_units > 0),
    currency TEXT NOT NULL,
    transaction_time_ms BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, merchant_request_id)
);
