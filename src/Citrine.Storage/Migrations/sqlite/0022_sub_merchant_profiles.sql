-- Sub-merchants keep the full add/modify record (issue 11): profile is the request's JSON as last accepted, and
-- blocked_kyc_countries its blockPayerKycCountries as a comma list, read when a buyer pays an order of the
-- sub-merchant (docs/compatibility.md#sub-merchants). Names are unique under a partner (400205 SUB_MERCHANT_EXISTS);
-- older duplicates keep the oldest name and the others get their id appended, so the unique index can be built.
ALTER TABLE sub_merchants ADD COLUMN profile TEXT NULL;
ALTER TABLE sub_merchants ADD COLUMN blocked_kyc_countries TEXT NULL;
ALTER TABLE sub_merchants ADD COLUMN updated_at_ms INTEGER NULL;

UPDATE sub_merchants SET name = name || ' #' || sub_merchant_id
WHERE EXISTS (SELECT 1 FROM sub_merchants o
              WHERE o.merchant_id = sub_merchants.merchant_id AND o.name = sub_merchants.name
                AND (o.created_at_ms < sub_merchants.created_at_ms
                     OR (o.created_at_ms = sub_merchants.created_at_ms AND o.sub_merchant_id < sub_merchants.sub_merchant_id)));

CREATE UNIQUE INDEX ux_sub_merchants_name ON sub_merchants(merchant_id, name);

-- A sandbox buyer's KYC profile (payer verification, blocked countries; docs/sandbox.md#buyers). NULL parts are
-- unknown; kyc_incomplete marks a buyer whose KYC is not completed.
ALTER TABLE buyers ADD COLUMN kyc_first_name TEXT NULL;
ALTER TABLE buyers ADD COLUMN kyc_last_name TEXT NULL;
ALTER TABLE buyers ADD COLUMN kyc_date_of_birth TEXT NULL;
ALTER TABLE buyers ADD COLUMN kyc_nationality TEXT NULL;
ALTER TABLE buyers ADD COLUMN kyc_residence TEXT NULL;
ALTER TABLE buyers ADD COLUMN kyc_incomplete INTEGER NOT NULL DEFAULT 0;
