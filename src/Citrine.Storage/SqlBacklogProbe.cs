using Citrine.Application.Telemetry;
using Citrine.Application.Webhooks;
using Citrine.Domain.Refunds;

namespace Citrine.Storage;

/// <summary>Counts what the background loops still have to do, in one statement over indexed columns.</summary>
public sealed class SqlBacklogProbe(Database database) : IBacklogProbe
{
    private static readonly string RefundPending = LifecycleSql.Literal(RefundLifecycle.Table, RefundStatus.Pending);

    private static readonly string Sql =
        $"""
        SELECT
            (SELECT COUNT(*) FROM webhook_outbox WHERE state = @pending),
            (SELECT COUNT(*) FROM webhook_outbox WHERE state = @pending AND next_attempt_at_ms <= @now),
            (SELECT MIN(next_attempt_at_ms) FROM webhook_outbox WHERE state = @pending AND next_attempt_at_ms <= @now),
            (SELECT COUNT(*) FROM refunds WHERE status = {RefundPending} AND parked_at_ms IS NULL),
            (SELECT COUNT(*) FROM refunds WHERE status = {RefundPending} AND parked_at_ms IS NOT NULL)
        """;

    public int PendingWrites => database.PendingWrites;

    public Task<Backlog> SampleAsync(long nowMs, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => (await c.QuerySingleAsync(Sql, r => new Backlog(
                r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? 0 : Math.Max(0, nowMs - r.GetInt64(2)), r.GetInt64(3),
                r.GetInt64(4)), ct, ("@pending", WebhookStates.Pending), ("@now", nowMs)).ConfigureAwait(false))!,
            cancellationToken);
}
