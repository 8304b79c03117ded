using System.Data.Common;
using System.Globalization;
using Citrine.Application;
using Citrine.Application.Reports;
using Citrine.Application.Webhooks;
using Citrine.Domain.Ledger;
using Citrine.Domain.Reports;

namespace Citrine.Storage;

/// <summary>
/// Reports (migration 0018): balance report jobs with their month counters, and the reads of the ledger the report
/// files are computed from. Jobs move only by conditional updates whose statuses come from
/// <see cref="BalanceReportLifecycle"/>.
/// </summary>
public sealed class SqlReportStore(Database database) : IReportStore
{
    private const string JobColumns =
        """
        download_id, merchant_id, wallet_type, start_date, end_date, status, base_url, created_at_ms, result_json,
        finished_at_ms, expires_at_ms
        """;

    private const string DateFormat = "yyyy-MM-dd";

    private static readonly string Processing = Job(BalanceReportStatus.Processing);

    public async Task<bool> CreateAsync(BalanceReportJob job, string month, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await database.WriteAsync(async (c, ct) =>
        {
            // The counter row decides: on PostgreSQL concurrent requests of one merchant queue on it, on SQLite they
            // run one after the other; none passes the cap.
            var counted = await c.ExecuteAsync(
                """
                INSERT INTO report_quota (merchant_id, month, used) VALUES (@m, @month, 1)
                ON CONFLICT (merchant_id, month) DO UPDATE SET used = report_quota.used + 1
                WHERE report_quota.used < @cap
                """, ct, ("@m", job.MerchantId), ("@month", month), ("@cap", (long)cap)).ConfigureAwait(false);
            if (counted != 1)
            {
                return false;
            }

            var inserted = await c.ExecuteAsync(
                $"""
                INSERT INTO balance_reports ({JobColumns})
                VALUES (@id, @m, @w, @start, @end, {Processing}, @url, @at, NULL, NULL, NULL)
                ON CONFLICT DO NOTHING
                """, ct, ("@id", job.DownloadId), ("@m", job.MerchantId), ("@w", job.WalletType),
                ("@start", Date(job.StartDate)), ("@end", Date(job.EndDate)), ("@url", job.BaseUrl),
                ("@at", job.CreatedAtMs)).ConfigureAwait(false);
            return inserted == 1 ? true : throw new DuplicateIdException("download id taken");
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<BalanceReportJob?> FindAsync(long merchantId, long downloadId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {JobColumns} FROM balance_reports WHERE merchant_id = @m AND download_id = @id", MapJob, ct,
            ("@m", merchantId), ("@id", downloadId)), cancellationToken);

    public async Task<IReadOnlyList<ClaimedBalanceReport>> ClaimAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken)
    {
        var token = Ids.NewToken(24);
        var sql =
            $"""
            UPDATE balance_reports SET lease_until_ms = @lease, lease_token = @token
            WHERE download_id IN (
                SELECT r.download_id FROM balance_reports r
                WHERE r.status = {Processing} AND r.lease_until_ms <= @now
                ORDER BY r.lease_until_ms, r.download_id
                LIMIT @limit
                {(database.Kind == DatabaseKind.Postgres ? "FOR UPDATE SKIP LOCKED" : "")}
            ) AND status = {Processing} AND lease_until_ms <= @now
            RETURNING download_id, merchant_id
            """;
        var claimed = await database.WriteAsync((c, ct) => c.QueryAsync(sql,
            r => new ClaimedBalanceReport(r.GetInt64(0), r.GetInt64(1), token), ct, ("@lease", leaseUntilMs),
            ("@token", token), ("@now", nowMs), ("@limit", (long)limit)), cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(j => j.DownloadId)];
    }

    public Task<bool> CompleteAsync(ClaimedBalanceReport claimed, string resultJson, long finishedAtMs, long expiresAtMs,
        OutboxEvent webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(webhook);
        return database.WriteAsync(async (c, ct) =>
        {
            var changed = await c.ExecuteAsync(
                $"""
                UPDATE balance_reports
                SET status = {Job(BalanceReportStatus.Success)}, result_json = @r, finished_at_ms = @f,
                    expires_at_ms = @e, lease_token = NULL
                WHERE download_id = @id AND lease_token = @t
                    AND status IN ({LifecycleSql.Sources(BalanceReportLifecycle.Job, BalanceReportEvent.Complete,
                        BalanceReportStatus.Success)})
                """, ct, ("@r", resultJson), ("@f", finishedAtMs), ("@e", expiresAtMs), ("@id", claimed.DownloadId),
                ("@t", claimed.LeaseToken)).ConfigureAwait(false);
            if (changed != 1)
            {
                return false;
            }

            await OutboxSql.InsertAsync(c, webhook, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> ExpireAsync(long merchantId, long downloadId, long nowMs, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, ct) => c.ExecuteAsync(
            $"""
            UPDATE balance_reports SET status = {Job(BalanceReportStatus.Expired)}
            WHERE merchant_id = @m AND download_id = @id AND expires_at_ms <= @now
                AND status IN ({LifecycleSql.Sources(BalanceReportLifecycle.Job, BalanceReportEvent.Expire,
                    BalanceReportStatus.Expired)})
            """, ct, ("@m", merchantId), ("@id", downloadId), ("@now", nowMs)), cancellationToken)
            .ConfigureAwait(false) == 1;

    public async Task<IReadOnlyList<LedgerEntry>> EntriesAsync(long merchantId, long fromMs, long toMs,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            """
            SELECT j.journal_id, j.kind, j.reference, j.created_at_ms, p.account, p.asset, p.units,
                COALESCE(o.merchant_trade_no, l.merchant_send_id), o.amount_units
            FROM journals j
            JOIN postings p ON p.journal_id = j.journal_id
            LEFT JOIN orders o ON o.prepay_id = j.order_id AND o.merchant_id = @m
            LEFT JOIN payout_lines l ON j.kind = 'PAYOUT' AND l.merchant_id = @m
                AND CAST(l.line_id AS TEXT) = j.reference
            WHERE (p.account = @a OR p.account LIKE @prefix) AND j.created_at_ms >= @from AND j.created_at_ms < @to
            ORDER BY j.journal_id, p.posting_id
            """, r => new LedgerEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4),
                r.GetString(5), r.GetInt64(6), r.NullableString(7), r.NullableLong(8)), ct,
            ("@m", merchantId), ("@a", Accounts.Merchant(merchantId)), ("@prefix", Prefix(merchantId)),
            ("@from", fromMs), ("@to", toMs)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<(string Account, string Asset, long Units)>> BalancesBeforeAsync(long merchantId,
        long beforeMs, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            """
            SELECT p.account, p.asset, CAST(SUM(p.units) AS BIGINT)
            FROM postings p JOIN journals j ON j.journal_id = p.journal_id
            WHERE (p.account = @a OR p.account LIKE @prefix) AND j.created_at_ms < @before
            GROUP BY p.account, p.asset
            """, r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), ct, ("@a", Accounts.Merchant(merchantId)),
            ("@prefix", Prefix(merchantId)), ("@before", beforeMs)), cancellationToken).ConfigureAwait(false);

    public Task<string> SecretAsync(string name, string candidate, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            await c.ExecuteAsync("INSERT INTO server_secrets (name, value) VALUES (@n, @v) ON CONFLICT DO NOTHING", ct,
                ("@n", name), ("@v", candidate)).ConfigureAwait(false);
            return (await c.QuerySingleAsync("SELECT value FROM server_secrets WHERE name = @n", r => r.GetString(0), ct,
                ("@n", name)).ConfigureAwait(false))!;
        }, cancellationToken);

    /// <summary>The merchant's wallet accounts other than FUNDING available (<c>merchant:{id}:…</c>); no LIKE
    /// wildcard can occur in it (digits and a colon).</summary>
    private static string Prefix(long merchantId) =>
        string.Create(CultureInfo.InvariantCulture, $"merchant:{merchantId}:%");

    private static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static BalanceReportJob MapJob(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.NullableString(2),
        DateOnly.ParseExact(r.GetString(3), DateFormat, CultureInfo.InvariantCulture),
        DateOnly.ParseExact(r.GetString(4), DateFormat, CultureInfo.InvariantCulture), Status(r.GetString(5)),
        r.GetString(6), r.GetInt64(7), r.NullableString(8), r.NullableLong(9), r.NullableLong(10));

    private static BalanceReportStatus Status(string wire) =>
        Enum.GetValues<BalanceReportStatus>().Single(s => s.WireName() == wire);

    private static string Job(BalanceReportStatus status) => LifecycleSql.Literal(BalanceReportLifecycle.Job, status);
}
