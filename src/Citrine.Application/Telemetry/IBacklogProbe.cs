namespace Citrine.Application.Telemetry;

/// <summary>Work waiting in the database at one moment, for the backlog gauges (docs/observability.md).</summary>
/// <param name="OutboxPending">Webhook events not yet delivered or given up.</param>
/// <param name="OutboxDue">Of those, the ones whose next attempt is due now.</param>
/// <param name="OldestDueAgeMs">How long the longest-waiting due event has been due (0 when none is).</param>
/// <param name="RefundsPending">Accepted refunds waiting to settle.</param>
/// <param name="RefundsParked">Refunds whose settlement was given up after repeated failures.</param>
public sealed record Backlog(long OutboxPending, long OutboxDue, long OldestDueAgeMs, long RefundsPending,
    long RefundsParked);

/// <summary>Reads the <see cref="Backlog"/> in one round trip, and the node's own write queue.</summary>
public interface IBacklogProbe
{
    /// <summary>Write requests of this node waiting to be committed (cheap: no database access).</summary>
    int PendingWrites { get; }

    Task<Backlog> SampleAsync(long nowMs, CancellationToken cancellationToken);
}
