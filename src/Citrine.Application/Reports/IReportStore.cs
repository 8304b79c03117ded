using Citrine.Application.Webhooks;
using Citrine.Domain.Reports;

namespace Citrine.Application.Reports;

/// <summary>A balance report job as stored (migration 0018).</summary>
public sealed record BalanceReportJob(long DownloadId, long MerchantId, string? WalletType, DateOnly StartDate,
    DateOnly EndDate, BalanceReportStatus Status, string BaseUrl, long CreatedAtMs, string? ResultJson,
    long? FinishedAtMs, long? ExpiresAtMs);

/// <summary>A job leased by one processor until its lease runs out (server-wide clock).</summary>
public sealed record ClaimedBalanceReport(long DownloadId, long MerchantId, string LeaseToken);

/// <summary>One posting of a merchant's wallet account, with its journal and what the order history knows of it
/// (null after a sandbox reset deleted the order or batch).</summary>
public sealed record LedgerEntry(long JournalId, string Kind, string Reference, long AtMs, string Account, string Asset,
    long Units, string? MerchantReference, long? OrderAmountUnits);

/// <summary>
/// Storage port of reports. Creating a job is one transaction: the merchant's month counter goes up only while it is
/// under the cap (a conditional upsert, so concurrent requests cannot pass it), and the job row goes in with it.
/// Completing a job is another: the conditional update (still PROCESSING, still leased by the caller) and its
/// <c>BALANCE</c> webhook commit together, so a job completes and notifies at most once.
/// </summary>
public interface IReportStore
{
    /// <summary>Inserts <paramref name="job"/> and counts it in <paramref name="month"/>; false (nothing written)
    /// when the merchant already has <paramref name="cap"/> jobs that month.</summary>
    Task<bool> CreateAsync(BalanceReportJob job, string month, int cap, CancellationToken cancellationToken);

    /// <summary>The merchant's own job; null for an id that is not the merchant's.</summary>
    Task<BalanceReportJob?> FindAsync(long merchantId, long downloadId, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="limit"/> PROCESSING jobs whose lease has run out; on PostgreSQL with
    /// <c>FOR UPDATE SKIP LOCKED</c>, so nodes take different jobs.</summary>
    Task<IReadOnlyList<ClaimedBalanceReport>> ClaimAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken);

    /// <summary>PROCESSING → SUCCESS with the result and the webhook, only while the caller holds the lease.</summary>
    Task<bool> CompleteAsync(ClaimedBalanceReport claimed, string resultJson, long finishedAtMs, long expiresAtMs,
        OutboxEvent webhook, CancellationToken cancellationToken);

    /// <summary>SUCCESS → EXPIRED once the link has lapsed at <paramref name="nowMs"/>.</summary>
    Task<bool> ExpireAsync(long merchantId, long downloadId, long nowMs, CancellationToken cancellationToken);

    /// <summary>The postings of the merchant's wallet accounts in journals stamped in [from, to).</summary>
    Task<IReadOnlyList<LedgerEntry>> EntriesAsync(long merchantId, long fromMs, long toMs,
        CancellationToken cancellationToken);

    /// <summary>The balance of each of the merchant's wallet accounts from the journals stamped before
    /// <paramref name="beforeMs"/>.</summary>
    Task<IReadOnlyList<(string Account, string Asset, long Units)>> BalancesBeforeAsync(long merchantId, long beforeMs,
        CancellationToken cancellationToken);

    /// <summary>The server-wide secret named <paramref name="name"/>: <paramref name="candidate"/> if this call
    /// created it, else the one already stored (the first node to ask decides).</summary>
    Task<string> SecretAsync(string name, string candidate, CancellationToken cancellationToken);
}
