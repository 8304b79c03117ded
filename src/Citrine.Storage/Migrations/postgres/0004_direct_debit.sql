-- Direct Debit / Pre-Authorization contracts (docs/api-reference.md#direct-debit). merchants.direct_debit_enabled
-- (0001) is the whitelist. contract_id is minted with the row but shown to the merchant only once the contract leaves
-- INITIAL (it learns it from the DIRECT_DEBIT_CT webhook, docs/api-reference.md#terminate-contract). Every transition
-- is one conditional UPDATE on status, so pay/apply can later debit with
--   UPDATE ... SET debit_count = debit_count + 1, debited_units = debited_units + @amount
--   WHERE contract_id = @id AND status = 'SIGNED' AND contract_end_time_ms > @now AND single_upper_limit_units >= @amount
-- in its ledger transaction: a termination committed first makes it match nothing; one in flight waits for its row lock.
CREATE TABLE direct_debit_contracts (
    pre_contract_id BIGINT PRIMARY KEY,
    contract_id BIGINT NOT NULL UNIQUE,
    merchant_id BIGINT NOT NULL REFERENCES merchants(merchant_id),
    sub_merchant_id BIGINT NULL,
    merchant_contract_code TEXT NOT NULL,
    service_name TEXT NOT NULL,
    scenario_code TEXT NOT NULL,
    single_upper_limit_units BIGINT NOT NULL CHECK (single_upper_limit_units > 0),
    currency TEXT NOT NULL,
    periodic BIGINT NOT NULL,
    cycle_debit_fixed BIGINT NULL,
    cycle_type TEXT NULL,
    cycle_value BIGINT NULL,
    first_deduct_time_ms BIGINT NULL,
    merchant_account_no TEXT NULL,
    webhook_url TEXT NULL,
    sign_code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('INITIAL', 'SIGNED', 'TERMINATED', 'EXPIRED')),
    request_expire_time_ms BIGINT NOT NULL,
    contract_end_time_ms BIGINT NOT NULL,
    create_time_ms BIGINT NOT NULL,
    buyer_id BIGINT NULL,
    open_user_id TEXT NULL,
    signed_time_ms BIGINT NULL,
    termination_way BIGINT NULL,
    termination_time_ms BIGINT NULL,
    termination_notes TEXT NULL,
    debit_count BIGINT NOT NULL DEFAULT 0,
    debited_units BIGINT NOT NULL DEFAULT 0,
    UNIQUE (merchant_id, merchant_contract_code)
);
CREATE INDEX ix_dd_contracts_unsigned ON direct_debit_contracts(request_expire_time_ms) WHERE status = 'INITIAL';
CREATE INDEX ix_dd_contracts_signed ON direct_debit_contracts(contract_end_time_ms) WHERE status = 'SIGNED';
