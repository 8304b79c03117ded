using Citrine.Application.Telemetry;
using Citrine.Application.Webhooks;
using Citrine.Domain.Refunds;

namespace Citrine.Storage;

/// <summary>Counts what the background loops still have to do, in one statement over indexed columns.</summary>
public sealed class SqlBacklogProbe(Database database) : IBacklogProbe
{
    private static readonly string RefundPending = LifecycleSql.Literal(RefundLifecycle.Table, RefundStatus.Pending);

    // "Due" is the dispatcher's own test (SqlWebhookStore, MerchantClockSql): each event by its merchant's sandbox
    // clock, so a merchant who advanced its clock is counted as the dispatcher sees it.
    private static readonly string Due =
        $"o.state = @pending AND {MerchantClockSql.Reached("o.next_attempt_at_ms", "o.merchant_id")}";

    private static readonly string Sql =
        $"""
        SELECT
            (SELECT COUNT(*) FROM webhook_outbox WHERE state = @pending),
            (SELECT COUNT(*) FROM webhook_outbox o WHERE {Due}),
            (SELECT MAX(@now + COALESCE((SELECT mc.offset_ms FROM sandbox_merchant_clock mc
                        WHERE mc.merchant_id = o.merchant_id), 0) - o.next_attempt_at_ms)
                FROM webhook_outbox o WHERE {Due}),
            (SELECT COUNT(*) FROM refunds WHERE status = {RefundPending} AND parked_at_ms IS NULL),
            (SELECT COUNT(*) FROM refunds WHERE status = {RefundPending} AND parked_at_ms IS NOT NULL)
        """;

    public int PendingWrites => database.PendingWrites;

    public Task<Backlog> SampleAsync(long nowMs, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => (await c.QuerySingleAsync(Sql, r => new Backlog(
                r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? 0 : Math.Max(0, r.GetInt64(2)), r.GetInt64(3),
                r.GetInt64(4)), ct, ("@pending", WebhookStates.Pending), ("@now", nowMs)).ConfigureAwait(false))!,
            cancellationToken);
}
