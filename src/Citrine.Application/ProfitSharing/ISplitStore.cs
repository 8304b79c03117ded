using Citrine.Domain.Ledger;

namespace Citrine.Application.ProfitSharing;

/// <summary>
/// Storage port of profit sharing. Accepting a split is one transaction: the split row under its unique (merchant,
/// merchantRequestId), the order's conditional update of what it has split (never past its net amount), the reserve
/// journal and the lines. Settling a line locks the split row, then changes the line with a conditional update, its
/// journal and, for a failed line, the order's split amount together. A return is one transaction too.
/// </summary>
public interface ISplitStore
{
    Task<ReceiverAddOutcome> AddReceiverAsync(long merchantId, string account, long nowMs,
        CancellationToken cancellationToken);

    Task<ReceiverPage> ListReceiversAsync(long merchantId, int pageNum, int pageSize,
        CancellationToken cancellationToken);

    Task<bool> DeleteReceiverAsync(long merchantId, string account, CancellationToken cancellationToken);

    Task<SplitSubmitResult> SubmitAsync(SplitOrder split, IReadOnlyList<SplitLine> lines, Journal reserve,
        CancellationToken cancellationToken);

    /// <summary>The merchant's split by its merchantRequestId (and order, when given).</summary>
    Task<SplitOrder?> FindSplitAsync(long merchantId, string merchantRequestId, long? prepayId,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<SplitLine>> LinesAsync(long splitId, CancellationToken cancellationToken);

    /// <summary>The currency of the merchant's order when it is PAID and tagged for profit sharing; else null.</summary>
    Task<string?> SplittableCurrencyAsync(long merchantId, long prepayId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClaimedSplitLine>> ClaimAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken);

    /// <summary>Settles a PROCESSING line by <paramref name="decide"/> (true: pay the buyer; false: fail with the
    /// reason); nothing when the line is no longer PROCESSING or its lease is lost.</summary>
    Task<bool> SettleAsync(long detailId, string? leaseToken, long nowMs,
        Func<SplitSettling, (bool Pay, string? FailReason)> decide, CancellationToken cancellationToken);

    Task<SplitReturn?> FindReturnAsync(long merchantId, string merchantReturnNo, CancellationToken cancellationToken);

    /// <summary>Returns part of a paid line (see the interface comment).</summary>
    Task<SplitReturnResult> ReturnAsync(SplitReturnCommand command, long returnId, string fingerprint, long nowMs,
        CancellationToken cancellationToken);
}
