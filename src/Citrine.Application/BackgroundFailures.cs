namespace Citrine.Application;

/// <summary>
/// Items a background loop could not process (issue 12 item 2, docs/testing.md#poison-rows): each failure is recorded
/// in the database with the time of the next try, and after <see cref="BackgroundRetry.MaxFailures"/> the item is
/// parked: the loop's listing leaves it out, so one item that always fails never holds back the others. A separate
/// record, not a column of the item's row, so that an item whose own row cannot be written is still recorded.
/// </summary>
public interface IBackgroundFailureStore
{
    /// <summary>Adds a failure of <paramref name="itemId"/> in <paramref name="loopName"/>; <paramref name="retry"/> gives
    /// the next try for a failure count, or null to park the item.</summary>
    Task<BackgroundFailure> RecordAsync(string loopName, long itemId, long merchantId, string failure, long nowMs,
        Func<int, long?> retry, CancellationToken cancellationToken);
}

/// <summary>One item's failures so far: how many, whether it is parked, and the last error (an exception type).</summary>
public sealed record BackgroundFailure(string Loop, long ItemId, long MerchantId, int Failures, bool Parked,
    string Error);

/// <summary>The retry rule every background loop shares: the first retry after
/// <see cref="CitrineOptions.BackgroundRetryMs"/>, each further one doubled up to <see cref="MaxRetryDelayMs"/>, and
/// parked after <see cref="MaxFailures"/> failures.</summary>
public static class BackgroundRetry
{
    /// <summary>Failed attempts after which an item is parked.</summary>
    public const int MaxFailures = 5;

    public const long MaxRetryDelayMs = 60_000;

    /// <summary>Loop names as recorded in <c>background_failures.loop_name</c>.</summary>
    public const string OrderExpiry = "order-expiry";

    public const string ContractExpiry = "contract-expiry";

    /// <summary>The delay before the next attempt after <paramref name="failures"/> failures.</summary>
    public static long Backoff(long firstDelayMs, int failures) =>
        Math.Min(MaxRetryDelayMs, firstDelayMs << Math.Min(Math.Max(failures - 1, 0), 16));

    /// <summary>The next try after <paramref name="failures"/> failures at <paramref name="nowMs"/>, or null (park).</summary>
    public static long? Next(long firstDelayMs, int failures, long nowMs) =>
        failures >= MaxFailures ? null : nowMs + Backoff(firstDelayMs, failures);
}
