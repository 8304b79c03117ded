using System.Globalization;
using System.Text.Json;
using Citrine.Application.Sandbox;
using Citrine.Application.Webhooks;
using Citrine.Contracts.Json;
using Citrine.Contracts.Reports;
using Citrine.Domain.Reports;

namespace Citrine.Application.Reports;

/// <summary>
/// Builds balance report jobs, as Binance does asynchronously. Safe on several nodes and across restarts like the
/// payout processor: a job is leased before it is built (a crashed node's lease runs out and another takes the job),
/// and completion is a conditional update in the same transaction as the <c>BALANCE</c> webhook, so a job completes
/// and notifies exactly once. The window has ended before the job was accepted (its end is before the merchant's
/// today), so building it again after a crash reads the same journals and gives the same rows.
/// </summary>
public sealed class BalanceReportProcessor(IReportStore store, ReportLinks links, TimeProvider time)
{
    public const int SweepBatchMax = 20;

    /// <summary>How long a claimed job stays with its processor (server-wide clock).</summary>
    public const long LeaseMs = 30_000;

    /// <summary>Builds up to <see cref="SweepBatchMax"/> due jobs; answers how many it claimed and which failed.</summary>
    public async Task<(int Claimed, IReadOnlyList<string> Failures)> SweepAsync(CancellationToken cancellationToken)
    {
        var serverNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await store.ClaimAsync(serverNowMs, serverNowMs + LeaseMs, SweepBatchMax, cancellationToken)
            .ConfigureAwait(false);
        var failures = new List<string>();
        foreach (var job in claimed)
        {
            try
            {
                await BuildAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the type: a message may carry data that does not belong in a log. Retried once the lease ends.
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"job {job.DownloadId}: {e.GetType().Name}"));
            }
        }

        return (claimed.Count, failures);
    }

    private async Task BuildAsync(ClaimedBalanceReport claimed, CancellationToken cancellationToken)
    {
        var job = await store.FindAsync(claimed.MerchantId, claimed.DownloadId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.Status != BalanceReportStatus.Processing)
        {
            return;
        }

        var fromMs = ReportContent.DayStartMs(job.StartDate);
        var toMs = ReportContent.DayStartMs(job.EndDate.AddDays(1));
        var before = await store.BalancesBeforeAsync(job.MerchantId, fromMs, cancellationToken).ConfigureAwait(false);
        var window = await store.EntriesAsync(job.MerchantId, fromMs, toMs, cancellationToken).ConfigureAwait(false);
        var rows = ReportContent.BalanceRows(job.MerchantId, job.WalletType, before, window);

        var nowMs = time.MerchantNowMs(job.MerchantId);
        var expiresMs = nowMs + BalanceReportLifecycle.LinkLifetimeMs;
        var link = await links.LinkAsync(job.BaseUrl, job.MerchantId, ReportContent.BalanceFileName(job.DownloadId),
            expiresMs, cancellationToken).ConfigureAwait(false);
        var data = new BalanceReportNotificationData
        {
            DownloadType = ReportNames.DownloadType,
            DownloadId = job.DownloadId,
            UserId = job.MerchantId,
            Status = 2,
            DownloadLink = link,
            ExpirationTimestamp = expiresMs,
            CreateTime = DateTimeOffset.FromUnixTimeMilliseconds(job.CreatedAtMs).UtcDateTime
                .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };
        var webhook = new OutboxEvent(job.MerchantId,
            string.Create(CultureInfo.InvariantCulture, $"balance-report:{job.DownloadId}"), ReportNames.BizTypeBalance,
            job.DownloadId,
            BalanceReportLifecycle.Job.BizStatus(BalanceReportEvent.Complete, BalanceReportStatus.Success)!,
            JsonSerializer.Serialize(data, WireJson.Options), null, nowMs);
        await store.CompleteAsync(claimed, JsonSerializer.Serialize(rows, ReportJson.Options), nowMs, expiresMs, webhook,
            cancellationToken).ConfigureAwait(false);
    }
}
