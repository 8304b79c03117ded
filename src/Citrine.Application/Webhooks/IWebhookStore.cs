namespace Citrine.Application.Webhooks;

/// <summary>
/// Storage port of the webhook outbox and its delivery log. Claims are leases decided by the database (safe with
/// several nodes); outcomes are recorded only by the holder of the lease.
/// </summary>
public interface IWebhookStore
{
    /// <summary>True when some event is due; a cheap read that spares the writer an empty claim.</summary>
    Task<bool> HasDueAsync(long nowMs, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> due events: PENDING, <c>next_attempt_at_ms &lt;= now</c>, lease expired,
    /// and no older PENDING event in the same stream (events of one stream go out one after another).
    /// </summary>
    Task<IReadOnlyList<ClaimedEvent>> ClaimDueAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records an attempt and the event's new state in one transaction; false (nothing written) when the lease was
    /// lost meanwhile (expired and claimed elsewhere, or reset by a redelivery).
    /// </summary>
    Task<bool> RecordAttemptAsync(ClaimedEvent claim, DeliveryAttempt attempt, string newState, long nextAttemptAtMs,
        CancellationToken cancellationToken);

    /// <summary>Marks a leased event NO_DESTINATION.</summary>
    Task<bool> MarkNoDestinationAsync(ClaimedEvent claim, string message, CancellationToken cancellationToken);

    /// <summary>Records that Citrine itself failed to attempt a leased event (it threw before or while sending, for
    /// example a body it cannot build): counted as an attempt, with no row in the delivery log, so the retry schedule
    /// applies and the event ends FAILED (issue 12). False when the lease was lost.</summary>
    Task<bool> RecordFailureAsync(ClaimedEvent claim, string failure, string newState, long nextAttemptAtMs,
        CancellationToken cancellationToken);

    /// <summary>Gives a lease back without an attempt (the node is stopping).</summary>
    Task ReleaseAsync(ClaimedEvent claim, CancellationToken cancellationToken);

    /// <summary>A merchant's events with ids above <paramref name="afterEventId"/>, oldest first.</summary>
    Task<IReadOnlyList<WebhookEventRecord>> ListAsync(long merchantId, long afterEventId, int limit,
        CancellationToken cancellationToken);

    /// <summary>A merchant's newest events first (the admin view).</summary>
    Task<IReadOnlyList<WebhookEventRecord>> ListNewestAsync(long merchantId, long beforeEventId, int limit,
        CancellationToken cancellationToken);

    Task<WebhookEventRecord?> GetAsync(long eventId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(long eventId, CancellationToken cancellationToken);

    /// <summary>The highest event id of a merchant (0 when none).</summary>
    Task<long> LastEventIdAsync(long merchantId, CancellationToken cancellationToken);

    /// <summary>
    /// Puts an event back to PENDING, due now, with a fresh round of attempts (the log keeps the old ones).
    /// </summary>
    Task<bool> RedeliverAsync(long eventId, long nowMs, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> finished events (DELIVERED, FAILED, NO_DESTINATION) created more than
    /// <paramref name="keepMs"/> before their merchant's now (the server-wide <paramref name="nowMs"/> plus that
    /// merchant's sandbox offset), with their attempts; PENDING events are never deleted. Returns how many went.
    /// </summary>
    Task<int> PruneFinishedAsync(long nowMs, long keepMs, int limit, CancellationToken cancellationToken);

    /// <summary>The events of <paramref name="merchantId"/> about one business object (an order's prepayId), oldest
    /// first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<WebhookEventRecord>> ListOfBizAsync(long merchantId, long bizId, int limit,
        CancellationToken cancellationToken);
}
