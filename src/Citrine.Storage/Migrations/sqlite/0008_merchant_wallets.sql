-- Merchant wallets (issue 9): FUNDING_WALLET and SPOT_WALLET per merchant and asset, each an available and a frozen
-- ledger account (Domain/Ledger/Accounts.cs MerchantWallet). They live in balances, whose CHECK (0002) already refuses
-- a negative balance for every account but sandbox:mint and platform:exchange, so no wallet account (freeze included)
-- can go below zero whatever the code does. Transfers between the two wallets, one row per merchant and requestId:
-- the primary key decides concurrent attempts with one requestId.
CREATE TABLE wallet_transfers (
    merchant_id INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_units INTEGER NOT NULL CHECK (amount_units > 0),
    transfer_type TEXT NOT NULL CHECK (transfer_type IN ('TO_MAIN', 'TO_PAY')),
    status TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, request_id)
) WITHOUT ROWID;
