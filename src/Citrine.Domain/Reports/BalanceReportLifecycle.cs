using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.Reports;

/// <summary>A balance report job's statuses as Binance names them.</summary>
public enum BalanceReportStatus
{
    Processing,
    Success,
    Failed,
    Expired,
}

/// <summary>What happens to a job: the processor builds it (or gives up on it), and its link lapses.</summary>
public enum BalanceReportEvent
{
    Complete,
    Fail,
    Expire,
}

/// <summary>
/// The balance report lifecycle (docs/compatibility.md#reports): PROCESSING → SUCCESS (with the <c>BALANCE</c>
/// webhook, bizStatus <c>BALANCE_SUCCESS</c>) | FAILED, and SUCCESS → EXPIRED once the download link lapses on the
/// merchant's sandbox clock. Citrine never enters FAILED today (a job is retried until it is built), but the edge is
/// documented, so it is here.
/// </summary>
public static class BalanceReportLifecycle
{
    /// <summary>How long a built report's download link lives, by the merchant's sandbox clock.</summary>
    public const long LinkLifetimeMs = 24L * 60 * 60 * 1000;

    public static readonly Lifecycle<BalanceReportStatus, BalanceReportEvent> Job = new(WireName,
        new(BalanceReportStatus.Processing, BalanceReportEvent.Complete, BalanceReportStatus.Success, "BALANCE_SUCCESS"),
        new(BalanceReportStatus.Processing, BalanceReportEvent.Fail, BalanceReportStatus.Failed, null),
        new(BalanceReportStatus.Success, BalanceReportEvent.Expire, BalanceReportStatus.Expired, null));

    public static string WireName(this BalanceReportStatus status) => status switch
    {
        BalanceReportStatus.Processing => "PROCESSING",
        BalanceReportStatus.Success => "SUCCESS",
        BalanceReportStatus.Failed => "FAILED",
        BalanceReportStatus.Expired => "EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a client sees at <paramref name="nowMs"/>: a SUCCESS whose link has lapsed reads as
    /// EXPIRED even before the store has recorded it.</summary>
    public static BalanceReportStatus Seen(BalanceReportStatus stored, long? expiresAtMs, long nowMs) =>
        stored == BalanceReportStatus.Success && expiresAtMs is { } end && nowMs >= end
            && Job.Allows(BalanceReportStatus.Success, BalanceReportEvent.Expire, BalanceReportStatus.Expired)
            ? BalanceReportStatus.Expired
            : stored;
}
