using System.Data.Common;
using Citrine.Application.Partners;
using Citrine.Application.Reports;
using Citrine.Application.Webhooks;
using Citrine.Contracts.Partners;

namespace Citrine.Storage;

/// <summary>
/// Partners (migration 0021): share account id requests, technical service providers and their authorisations, and
/// merchant QR code scans. Each state change is a conditional update committed with its outbox row.
/// </summary>
public sealed class SqlPartnerStore(Database database) : IPartnerStore
{
    private const string ShareColumns =
        "id, merchant_id, request_id, sub_merchant_id, webhook_url, code, expire_at_ms, status, buyer_id, created_at_ms";

    private const string AuthColumns =
        """
        authorization_id, provider_id, merchant_id, token, code, status, scopes, ip_whitelist, created_at_ms,
        updated_at_ms
        """;

    public Task<(ShareRequest Request, bool Created)> InsertShareAsync(ShareRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return database.WriteAsync(async (c, ct) =>
        {
            var inserted = await c.ExecuteAsync(
                $"""
                INSERT INTO share_requests ({ShareColumns})
                VALUES (@id, @m, @r, @sub, @url, @code, @exp, @status, NULL, @at)
                ON CONFLICT DO NOTHING
                """, ct, ("@id", request.Id), ("@m", request.MerchantId), ("@r", request.RequestId),
                ("@sub", request.SubMerchantId), ("@url", request.WebhookUrl), ("@code", request.Code),
                ("@exp", request.ExpireAtMs), ("@status", request.Status), ("@at", request.CreatedAtMs))
                .ConfigureAwait(false);
            if (inserted == 1)
            {
                return (request, true);
            }

            var stored = await c.QuerySingleAsync(
                $"SELECT {ShareColumns} FROM share_requests WHERE merchant_id = @m AND request_id = @r", MapShare, ct,
                ("@m", request.MerchantId), ("@r", request.RequestId)).ConfigureAwait(false);
            return stored is null ? throw new DuplicateIdException("share id or code taken") : (stored, false);
        }, cancellationToken);
    }

    public Task<ShareRequest?> FindShareByCodeAsync(string code, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {ShareColumns} FROM share_requests WHERE code = @code", MapShare, ct, ("@code", code)),
            cancellationToken);

    public Task<ShareRequest?> FindShareAsync(long merchantId, string requestId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {ShareColumns} FROM share_requests WHERE merchant_id = @m AND request_id = @r", MapShare, ct,
            ("@m", merchantId), ("@r", requestId)), cancellationToken);

    public Task<bool> ShareAsync(long id, long buyerId, long merchantNowMs, OutboxEvent webhook,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return database.WriteAsync(async (c, ct) =>
        {
            var changed = await c.ExecuteAsync(
                """
                UPDATE share_requests SET status = 'SHARED', buyer_id = @b, shared_at_ms = @now
                WHERE id = @id AND status = 'CREATED' AND expire_at_ms > @now
                """, ct, ("@b", buyerId), ("@now", merchantNowMs), ("@id", id)).ConfigureAwait(false);
            if (changed != 1)
            {
                return false;
            }

            await OutboxSql.InsertAsync(c, webhook, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<TspProvider?> GetProviderAsync(long merchantId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            "SELECT merchant_id, scopes, allow_fee_share FROM tsp_providers WHERE merchant_id = @m",
            r => new TspProvider(r.GetInt64(0), Split(r.GetString(1)), r.GetInt64(2) != 0), ct, ("@m", merchantId)),
            cancellationToken);

    public Task SetProviderAsync(long merchantId, TspProvider? provider, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => provider is null
            ? c.ExecuteAsync("DELETE FROM tsp_providers WHERE merchant_id = @m", ct, ("@m", merchantId))
            : c.ExecuteAsync(
                """
                INSERT INTO tsp_providers (merchant_id, scopes, allow_fee_share) VALUES (@m, @s, @f)
                ON CONFLICT (merchant_id) DO UPDATE SET scopes = @s, allow_fee_share = @f
                """, ct, ("@m", merchantId), ("@s", Join(provider.Scopes)), ("@f", provider.AllowFeeShare ? 1L : 0L)),
            cancellationToken);

    public Task<TspAuthorization> RequestAuthorizationAsync(TspAuthorization candidate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return database.WriteAsync(async (c, ct) =>
        {
            // A refused or disabled pair asks again: PENDING with the new scopes, a new consent code and no token.
            await c.ExecuteAsync(
                """
                UPDATE tsp_authorizations
                SET status = 'PENDING', scopes = @s, ip_whitelist = @ip, code = @code, token = NULL, updated_at_ms = @at
                WHERE provider_id = @p AND merchant_id = @m AND status IN ('REJECTED', 'DISABLED')
                """, ct, ("@s", Join(candidate.Scopes)), ("@ip", Join(candidate.IpWhitelist)),
                ("@code", candidate.Code), ("@at", candidate.CreatedAtMs), ("@p", candidate.ProviderId),
                ("@m", candidate.MerchantId)).ConfigureAwait(false);
            await c.ExecuteAsync(
                $"""
                INSERT INTO tsp_authorizations ({AuthColumns})
                VALUES (@id, @p, @m, NULL, @code, 'PENDING', @s, @ip, @at, @at)
                ON CONFLICT (provider_id, merchant_id) DO NOTHING
                """, ct, ("@id", candidate.AuthorizationId), ("@p", candidate.ProviderId),
                ("@m", candidate.MerchantId), ("@code", candidate.Code),
                ("@s", Join(candidate.Scopes)), ("@ip", Join(candidate.IpWhitelist)), ("@at", candidate.CreatedAtMs))
                .ConfigureAwait(false);
            return (await c.QuerySingleAsync(
                $"SELECT {AuthColumns} FROM tsp_authorizations WHERE provider_id = @p AND merchant_id = @m", MapAuth,
                ct, ("@p", candidate.ProviderId), ("@m", candidate.MerchantId)).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    public Task<TspAuthorization?> FindAuthorizationAsync(long authorizationId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {AuthColumns} FROM tsp_authorizations WHERE authorization_id = @id", MapAuth, ct,
            ("@id", authorizationId)), cancellationToken);

    public Task<TspAuthorization?> FindAuthorizationAsync(long providerId, long merchantId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {AuthColumns} FROM tsp_authorizations WHERE provider_id = @p AND merchant_id = @m", MapAuth, ct,
            ("@p", providerId), ("@m", merchantId)), cancellationToken);

    public Task<TspAuthorization?> FindAuthorizationByTokenAsync(string token, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {AuthColumns} FROM tsp_authorizations WHERE token = @t", MapAuth, ct,
            ("@t", token)), cancellationToken);

    public Task<(long Total, IReadOnlyList<TspAuthorization> Rows)> PageAuthorizationsAsync(long providerId,
        long? merchantId, int page, int rows, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            var filter = merchantId is null ? "" : " AND merchant_id = @m";
            var total = await c.ScalarLongAsync(
                $"SELECT COUNT(*) FROM tsp_authorizations WHERE provider_id = @p{filter}", ct, ("@p", providerId),
                ("@m", merchantId ?? 0L)).ConfigureAwait(false) ?? 0;
            var list = await c.QueryAsync(
                $"""
                SELECT {AuthColumns} FROM tsp_authorizations WHERE provider_id = @p{filter}
                ORDER BY authorization_id DESC LIMIT @rows OFFSET @skip
                """, MapAuth, ct, ("@p", providerId), ("@m", merchantId ?? 0L), ("@rows", (long)rows),
                ("@skip", (long)(page - 1) * rows)).ConfigureAwait(false);
            return (total, (IReadOnlyList<TspAuthorization>)list);
        }, cancellationToken);

    public Task<bool> MoveAuthorizationAsync(long authorizationId, IReadOnlyList<string> from, string target, string? token,
        long nowMs, OutboxEvent webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(webhook);
        // The states are constants of PartnerNames, never caller text.
        var sources = string.Join(", ", from.Select(s => PartnerNames.Statuses.Contains(s)
            ? $"'{s}'"
            : throw new ArgumentException(s, nameof(from))));
        return database.WriteAsync(async (c, ct) =>
        {
            var changed = await c.ExecuteAsync(
                $"""
                UPDATE tsp_authorizations SET status = @to, token = COALESCE(@token, token), updated_at_ms = @now
                WHERE authorization_id = @id AND status IN ({sources})
                """, ct, ("@to", target), ("@token", token), ("@now", nowMs), ("@id", authorizationId))
                .ConfigureAwait(false);
            if (changed != 1)
            {
                return false;
            }

            await OutboxSql.InsertAsync(c, webhook, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<bool> ChangeAuthorizationScopesAsync(long authorizationId, IReadOnlyList<string> scopes, long nowMs,
        OutboxEvent webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(webhook);
        return database.WriteAsync(async (c, ct) =>
        {
            if (await c.ExecuteAsync(
                    """
                    UPDATE tsp_authorizations SET scopes = @s, updated_at_ms = @now
                    WHERE authorization_id = @id AND status = 'AUTHORIZED'
                    """, ct, ("@s", Join(scopes)), ("@now", nowMs), ("@id", authorizationId)).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await OutboxSql.InsertAsync(c, webhook, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task InsertScanAsync(MerchantQrScan scan, OutboxEvent webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(webhook);
        return database.WriteAsync(async (c, ct) =>
        {
            await c.ExecuteAsync(
                """
                INSERT INTO merchant_qr_scans (refer_id, merchant_id, qr_content, qr_code_type, amount, currency,
                    order_prepay_id, created_at_ms)
                VALUES (@id, @m, @q, @t, @a, @cur, NULL, @at)
                """, ct, ("@id", scan.ReferId), ("@m", scan.MerchantId), ("@q", scan.QrContent),
                ("@t", scan.QrCodeType), ("@a", scan.Amount), ("@cur", scan.Currency), ("@at", scan.CreatedAtMs))
                .ConfigureAwait(false);
            await OutboxSql.InsertAsync(c, webhook, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> MoveScanAsync(long merchantId, long referId, long? from, long? target,
        CancellationToken cancellationToken) =>
        await database.WriteAsync((c, ct) => c.ExecuteAsync(
            $"""
            UPDATE merchant_qr_scans SET order_prepay_id = @to
            WHERE refer_id = @r AND merchant_id = @m AND {(from is null ? "order_prepay_id IS NULL" : "order_prepay_id = @from")}
            """, ct, ("@to", target), ("@r", referId), ("@m", merchantId), ("@from", from ?? 0L)), cancellationToken)
            .ConfigureAwait(false) == 1;

    private static string Join(IReadOnlyList<string> items) => string.Join(",", items);

    private static string[] Split(string text) =>
        text.Length == 0 ? [] : text.Split(',');

    private static ShareRequest MapShare(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2),
        r.NullableLong(3), r.NullableString(4), r.GetString(5), r.GetInt64(6), r.GetString(7), r.NullableLong(8),
        r.GetInt64(9));

    private static TspAuthorization MapAuth(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2),
        r.NullableString(3) ?? "", r.GetString(4), r.GetString(5), Split(r.GetString(6)), Split(r.GetString(7)), r.GetInt64(8),
        r.GetInt64(9));
}
