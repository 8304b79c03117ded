using System.Data.Common;
using Citrine.Application.Merchants;

namespace Citrine.Storage;

/// <summary>Merchants, sub-merchants and API keys.</summary>
public sealed class SqlMerchantStore(Database database) : IMerchantStore
{
    private const string MerchantColumns =
        "merchant_id, name, status, webhook_url, direct_debit_enabled, created_at_ms, convert_enabled, accepts_splits";

    public Task<bool> InsertMerchantAsync(Merchant merchant, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            $"INSERT INTO merchants ({MerchantColumns}) VALUES (@id, @name, @status, @url, @dd, @at, @cv, @as) ON CONFLICT DO NOTHING",
            ct, ("@id", merchant.MerchantId), ("@name", merchant.Name), ("@status", merchant.Status),
            ("@url", merchant.WebhookUrl), ("@dd", merchant.DirectDebitEnabled ? 1L : 0L),
            ("@at", merchant.CreatedAtMs), ("@cv", merchant.ConvertEnabled ? 1L : 0L),
            ("@as", merchant.AcceptsSplits ? 1L : 0L)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<Merchant?> GetMerchantAsync(long merchantId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {MerchantColumns} FROM merchants WHERE merchant_id = @id", MapMerchant, ct, ("@id", merchantId)),
            cancellationToken);

    public async Task<IReadOnlyList<Merchant>> ListMerchantsAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"SELECT {MerchantColumns} FROM merchants ORDER BY created_at_ms, merchant_id", MapMerchant, ct),
            cancellationToken).ConfigureAwait(false);

    public Task<bool> UpdateMerchantAsync(long merchantId, string? status, string? webhookUrl, bool? directDebitEnabled,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            """
            UPDATE merchants SET status = COALESCE(@status, status), webhook_url = COALESCE(@url, webhook_url),
                direct_debit_enabled = COALESCE(@dd, direct_debit_enabled)
            WHERE merchant_id = @id
            """, ct, ("@id", merchantId), ("@status", status), ("@url", webhookUrl),
            ("@dd", directDebitEnabled.OrNull())).ConfigureAwait(false) == 1, cancellationToken);

    public Task<bool> SetConvertEnabledAsync(long merchantId, bool enabled, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "UPDATE merchants SET convert_enabled = @cv WHERE merchant_id = @id", ct, ("@id", merchantId),
            ("@cv", enabled ? 1L : 0L)).ConfigureAwait(false) == 1, cancellationToken);

    public Task<bool> SetAcceptsSplitsAsync(long merchantId, bool accepts, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "UPDATE merchants SET accepts_splits = @as WHERE merchant_id = @id", ct, ("@id", merchantId),
            ("@as", accepts ? 1L : 0L)).ConfigureAwait(false) == 1, cancellationToken);

    public Task InsertApiKeyAsync(long merchantId, string apiKey, byte[] secretCipher, long nowMs,
        CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ExecuteAsync(
            "INSERT INTO api_keys (api_key, merchant_id, secret_cipher, created_at_ms) VALUES (@k, @m, @s, @t)", ct,
            ("@k", apiKey), ("@m", merchantId), ("@s", secretCipher), ("@t", nowMs)), cancellationToken);

    public Task<ApiKeyRecord?> GetApiKeyAsync(string apiKey, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            """
            SELECT k.api_key, k.merchant_id, m.status, k.secret_cipher, k.revoked_at_ms
            FROM api_keys k JOIN merchants m ON m.merchant_id = k.merchant_id WHERE k.api_key = @k
            """,
            r => new ApiKeyRecord(r.GetString(0), r.GetInt64(1), r.GetString(2), (byte[])r.GetValue(3), !r.IsDBNull(4)),
            ct, ("@k", apiKey)), cancellationToken);

    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(long merchantId,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            """
            SELECT api_key, created_at_ms, revoked_at_ms FROM api_keys WHERE merchant_id = @m
            ORDER BY created_at_ms, api_key
            """,
            r => new ApiKeyInfo(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2)), ct,
            ("@m", merchantId)), cancellationToken).ConfigureAwait(false);

    public Task<bool> RevokeApiKeyAsync(string apiKey, long nowMs, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "UPDATE api_keys SET revoked_at_ms = @t WHERE api_key = @k AND revoked_at_ms IS NULL", ct,
            ("@k", apiKey), ("@t", nowMs)).ConfigureAwait(false) == 1, cancellationToken);

    private const string SubMerchantColumns =
        "sub_merchant_id, merchant_id, name, status, created_at_ms, profile, blocked_kyc_countries, updated_at_ms";

    public Task<bool> InsertSubMerchantAsync(SubMerchant subMerchant, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            $"""
             INSERT INTO sub_merchants ({SubMerchantColumns})
             VALUES (@id, @m, @n, @s, @t, @p, @b, NULL) ON CONFLICT DO NOTHING
             """, ct, ("@id", subMerchant.SubMerchantId), ("@m", subMerchant.MerchantId), ("@n", subMerchant.Name),
            ("@s", subMerchant.Status), ("@t", subMerchant.CreatedAtMs), ("@p", subMerchant.ProfileJson),
            ("@b", Blocked(subMerchant))).ConfigureAwait(false) == 1, cancellationToken);

    public Task<bool> SubMerchantNameTakenAsync(long merchantId, string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => await c.ScalarLongAsync(
            "SELECT 1 FROM sub_merchants WHERE merchant_id = @m AND name = @n", ct, ("@m", merchantId),
            ("@n", name)).ConfigureAwait(false) is not null, cancellationToken);

    public async Task<SubMerchantUpdate> UpdateSubMerchantAsync(SubMerchant subMerchant,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                if (await c.ScalarLongAsync(
                        "SELECT 1 FROM sub_merchants WHERE merchant_id = @m AND name = @n AND sub_merchant_id <> @id",
                        ct, ("@m", subMerchant.MerchantId), ("@n", subMerchant.Name), ("@id", subMerchant.SubMerchantId))
                        .ConfigureAwait(false) is not null)
                {
                    return SubMerchantUpdate.NameTaken;
                }

                return await c.ExecuteAsync(
                    """
                    UPDATE sub_merchants SET name = @n, profile = @p, blocked_kyc_countries = @b, updated_at_ms = @u
                    WHERE sub_merchant_id = @id AND merchant_id = @m
                    """, ct, ("@id", subMerchant.SubMerchantId), ("@m", subMerchant.MerchantId),
                    ("@n", subMerchant.Name), ("@p", subMerchant.ProfileJson), ("@b", Blocked(subMerchant)),
                    ("@u", subMerchant.UpdatedAtMs)).ConfigureAwait(false) == 1
                    ? SubMerchantUpdate.Updated
                    : SubMerchantUpdate.NotFound;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            // A concurrent add or modify took the name between the check and the update (PostgreSQL, READ COMMITTED).
            return SubMerchantUpdate.NameTaken;
        }
    }

    public Task<SubMerchant?> GetSubMerchantAsync(long merchantId, long subMerchantId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {SubMerchantColumns} FROM sub_merchants WHERE sub_merchant_id = @id AND merchant_id = @m",
            r => new SubMerchant(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt64(4))
            {
                ProfileJson = r.NullableString(5),
                BlockedPayerKycCountries = r.NullableString(6) is { Length: > 0 } blocked ? blocked.Split(',') : [],
                UpdatedAtMs = r.NullableLong(7),
            },
            ct, ("@id", subMerchantId), ("@m", merchantId)), cancellationToken);

    private static string? Blocked(SubMerchant subMerchant) => subMerchant.BlockedPayerKycCountries.Count == 0
        ? null
        : string.Join(',', subMerchant.BlockedPayerKycCountries);

    /// <summary>PostgreSQL's unique_violation, or SQLite's constraint error.</summary>
    private static bool IsUniqueViolation(DbException e) =>
        e.SqlState == "23505" || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };

    private static Merchant MapMerchant(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.NullableString(3), r.GetInt64(4) != 0, r.GetInt64(5),
            r.GetInt64(6) != 0, r.GetInt64(7) != 0);
}
