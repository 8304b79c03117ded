using System.Data.Common;
using Citrine.Application.Refunds;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Domain.Refunds;

namespace Citrine.Storage;

/// <summary>
/// Refunds. The store persists; the rules are the caller's (<see cref="RefundPlans"/>): each write locks the order row,
/// reads what the rules need, asks them, and writes their answer with conditional updates whose statuses come from
/// <see cref="OrderLifecycle.Table"/> and <see cref="RefundLifecycle.Table"/>. Lock order is always the order row
/// first, then the refund row, so that on PostgreSQL a refund being accepted and one being settled on the same order
/// wait for each other instead of deadlocking, and each statement after the lock sees what the other committed (READ
/// COMMITTED takes a new snapshot per statement).
/// </summary>
public sealed class SqlRefundStore(Database database) : IRefundStore
{
    private const string Columns =
        """
        refund_id, merchant_id, refund_request_id, prepay_id, fingerprint, refund_units, refunded_units_after,
        refund_commission_units, refunded_commission_after, remaining_attempts, refund_reason, webhook_url, status,
        created_at_ms, settled_at_ms
        """;

    private static readonly string Pending = LifecycleSql.Literal(RefundLifecycle.Table, RefundStatus.Pending);

    private static readonly string AcceptSql =
        $"""
        UPDATE orders SET refund_count = refund_count + 1, status = {SqlOrderStore.Target(OrderEvent.RefundRequested)},
            last_refund_units = @u, refunded_units = @after, reject_next_refund = 0
        WHERE prepay_id = @p AND status IN ({SqlOrderStore.Sources(OrderEvent.RefundRequested)})
            AND refund_count = @count AND refunded_units = @before AND split_units = @split
        RETURNING {SqlOrderStore.Columns}
        """;

    public async Task<RefundAttempt> RequestAsync(RefundRequest request, long nowMs,
        Func<RefundableOrder, RefundAcceptance> accept, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(request.MerchantId, request.RefundRequestId, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return await ReplayAsync(request, existing, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await database.WriteAsync((c, ct) => AcceptAsync(c, request, nowMs, accept, ct),
                cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RefundRolledBackException e) when (e.Outcome == RefundOutcome.Duplicate)
        {
            // Another request with this refundRequestId committed while ours was in flight: ours was rolled back.
            existing = await FindAsync(request.MerchantId, request.RefundRequestId, cancellationToken)
                .ConfigureAwait(false);
            return await ReplayAsync(request, existing!, cancellationToken).ConfigureAwait(false);
        }
        catch (RefundRolledBackException e)
        {
            return new RefundAttempt(e.Outcome, null, e.Order);
        }
    }

    public Task<Refund?> FindAsync(long merchantId, string refundRequestId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {Columns} FROM refunds WHERE merchant_id = @m AND refund_request_id = @r", Map, ct,
            ("@m", merchantId), ("@r", refundRequestId)), cancellationToken);

    public async Task<IReadOnlyList<(long RefundId, long MerchantId)>> ListPendingAsync(int limit, long nowMs,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT refund_id, merchant_id FROM refunds
            WHERE status = {Pending} AND parked_at_ms IS NULL
              AND {MerchantClockSql.Reached("next_settle_at_ms", "refunds.merchant_id")}
            ORDER BY created_at_ms LIMIT @n
            """,
            r => (r.GetInt64(0), r.GetInt64(1)), ct, ("@n", limit), ("@now", nowMs)), cancellationToken)
            .ConfigureAwait(false);

    public Task<RefundFailure?> RecordSettleFailureAsync(long refundId, string failure, long nowMs,
        Func<int, long?> retry, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            var failures = await c.ScalarLongAsync(
                $"SELECT settle_failures FROM refunds WHERE refund_id = @id AND status = {Pending}", ct,
                ("@id", refundId)).ConfigureAwait(false);
            if (failures is null)
            {
                return null;
            }

            var count = (int)failures.Value + 1;
            var retryAtMs = retry(count);
            await c.ExecuteAsync(
                """
                UPDATE refunds SET settle_failures = @count, last_settle_error = @error, next_settle_at_ms = @retry,
                    parked_at_ms = @parked
                WHERE refund_id = @id
                """, ct, ("@id", refundId), ("@count", (long)count), ("@error", failure),
                ("@retry", retryAtMs ?? nowMs), ("@parked", retryAtMs is null ? nowMs : null)).ConfigureAwait(false);
            return new RefundFailure(count, retryAtMs is null);
        }, cancellationToken);

    public Task<bool> RejectNextRefundAsync(long merchantId, long prepayId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "UPDATE orders SET reject_next_refund = 1 WHERE prepay_id = @p AND merchant_id = @m", ct,
            ("@p", prepayId), ("@m", merchantId)).ConfigureAwait(false) == 1, cancellationToken);

    public async Task<RefundSettleOutcome> SettleAsync(long refundId, long nowMs,
        Func<RefundSettling, RefundSettlementPlan> settle, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync((c, ct) => SettleAsync(c, refundId, nowMs, settle, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RefundRolledBackException)
        {
            return RefundSettleOutcome.NotSettled;
        }
    }

    private static async Task<RefundSettleOutcome> SettleAsync(DbConnection c, long refundId, long nowMs,
        Func<RefundSettling, RefundSettlementPlan> settle, CancellationToken ct)
    {
        // Lock the order row first (see the class comment), then read what the rules need.
        var prepayId = await c.ScalarLongAsync("SELECT prepay_id FROM refunds WHERE refund_id = @id", ct,
            ("@id", refundId)).ConfigureAwait(false);
        if (prepayId is null)
        {
            return RefundSettleOutcome.NotSettled;
        }

        // A refund whose order row was deleted under it (a sandbox reset racing the refund) can never settle: say so
        // instead of planning on a missing order.
        if (!await LockOrderAsync(c, prepayId.Value, null, ct).ConfigureAwait(false)
            || await SqlOrderStore.GetAsync(c, prepayId.Value, ct).ConfigureAwait(false) is not { } order)
        {
            return RefundSettleOutcome.OrderMissing;
        }

        var (refund, reject) = (await c.QuerySingleAsync($"SELECT {Columns}, reject FROM refunds WHERE refund_id = @id",
            r => Tuple.Create(Map(r), r.GetInt64(15) == 1), ct, ("@id", refundId)).ConfigureAwait(false))!;
        var anotherPending = await c.ScalarLongAsync(
            $"SELECT 1 FROM refunds WHERE prepay_id = @p AND refund_id <> @id AND status = {Pending} LIMIT 1", ct,
            ("@p", prepayId), ("@id", refundId)).ConfigureAwait(false) is not null;
        var plan = settle(new RefundSettling(order, refund, reject, anotherPending,
            await PaymentLegAsync(c, order.PrepayId, ct).ConfigureAwait(false)));

        // The refund's edge decides the race between settlers; nothing is written when it matches nothing.
        var refundSources = LifecycleSql.Sources(RefundLifecycle.Table, plan.Event, plan.RefundTo);
        var settled = await c.ExecuteAsync(
            $"""
            UPDATE refunds SET status = {LifecycleSql.Literal(RefundLifecycle.Table, plan.RefundTo)},
                settled_at_ms = @now
            WHERE refund_id = @id AND status IN ({refundSources})
            """, ct, ("@id", refundId), ("@now", nowMs)).ConfigureAwait(false);
        if (settled != 1)
        {
            return RefundSettleOutcome.NotSettled;
        }

        var posted = await LedgerSql.PostAsync(c, plan.Journal, order.PrepayId, nowMs, null, ct).ConfigureAwait(false);
        if (posted != PostOutcome.Posted)
        {
            throw new LedgerRefusedException(posted);
        }

        // The order's edge: the table's sources for the target the rules chose, on the row as it was read.
        var orderEvent = plan.Event.OrderEvent();
        var moved = await c.ExecuteAsync(
            $"""
            UPDATE orders SET refunded_units = @after,
                status = {LifecycleSql.Literal(OrderLifecycle.Table, plan.OrderTo)}
            WHERE prepay_id = @p AND refunded_units = @before
                AND status IN ({SqlOrderStore.Sources(orderEvent, plan.OrderTo)})
            """, ct, ("@p", order.PrepayId), ("@after", plan.RefundedUnitsAfter), ("@before", order.RefundedUnits))
            .ConfigureAwait(false);
        if (moved != 1)
        {
            throw new RefundRolledBackException(RefundOutcome.OrderNotRefundable, order);
        }

        await OutboxSql.InsertAsync(c, plan.Notification, ct).ConfigureAwait(false);
        return RefundSettleOutcome.Settled;
    }

    private async Task<RefundAttempt> ReplayAsync(RefundRequest request, Refund existing,
        CancellationToken cancellationToken)
    {
        var order = await database.ReadAsync((c, ct) => SqlOrderStore.GetAsync(c, existing.PrepayId, ct),
            cancellationToken).ConfigureAwait(false);
        return existing.Fingerprint == request.Fingerprint
            ? new RefundAttempt(RefundOutcome.Duplicate, existing, order)
            : new RefundAttempt(RefundOutcome.DifferentRequest, existing, null);
    }

    private static async Task<RefundAttempt> AcceptAsync(DbConnection c, RefundRequest request, long nowMs,
        Func<RefundableOrder, RefundAcceptance> accept, CancellationToken ct)
    {
        // Lock the order row, then read it as it now stands: the rules decide on what no one else can change.
        if (!await LockOrderAsync(c, request.PrepayId, request.MerchantId, ct).ConfigureAwait(false))
        {
            return new RefundAttempt(RefundOutcome.OrderNotFound, null, null);
        }

        var found = (await c.QuerySingleAsync(
            $"SELECT {SqlOrderStore.Columns}, refund_count, reject_next_refund FROM orders WHERE prepay_id = @p",
            r => new RefundableOrder(SqlOrderStore.Map(r), (int)r.GetInt64(31), r.GetInt64(32) == 1), ct,
            ("@p", request.PrepayId)).ConfigureAwait(false))!;
        var decision = accept(found);
        if (decision is not { Outcome: RefundOutcome.Accepted, Refund: { } refund, Hold: { } hold })
        {
            return new RefundAttempt(decision.Outcome, null, found.Order);
        }

        // The RefundRequested edge, guarded by the values the rules saw.
        var order = await c.QuerySingleAsync(AcceptSql, SqlOrderStore.Map, ct, ("@p", found.Order.PrepayId),
            ("@u", refund.RefundUnits), ("@after", refund.RefundedUnitsAfter), ("@count", (long)found.RefundCount),
            ("@before", found.Order.RefundedUnits), ("@split", found.Order.SplitUnits)).ConfigureAwait(false)
            ?? throw new RefundRolledBackException(RefundOutcome.OrderNotRefundable, found.Order);
        var posted = await LedgerSql.PostAsync(c, hold, order.PrepayId, nowMs, null, ct).ConfigureAwait(false);
        if (posted != PostOutcome.Posted)
        {
            throw new RefundRolledBackException(RefundOutcome.MerchantBalanceTooLow, order);
        }

        var inserted = await c.ExecuteAsync(
            """
            INSERT INTO refunds (refund_id, merchant_id, refund_request_id, prepay_id, fingerprint, refund_units,
                refunded_units_after, refund_commission_units, refunded_commission_after, remaining_attempts,
                refund_reason, webhook_url, status, reject, created_at_ms)
            VALUES (@id, @m, @r, @p, @f, @u, @ua, @cu, @ca, @left, @reason, @url, @status, @reject, @now)
            ON CONFLICT (merchant_id, refund_request_id) DO NOTHING
            """, ct, ("@id", refund.RefundId), ("@m", refund.MerchantId), ("@r", refund.RefundRequestId),
            ("@p", refund.PrepayId), ("@f", refund.Fingerprint), ("@u", refund.RefundUnits),
            ("@ua", refund.RefundedUnitsAfter), ("@cu", refund.RefundCommissionUnits),
            ("@ca", refund.RefundedCommissionAfter), ("@left", (long)refund.RemainingAttempts),
            ("@reason", refund.RefundReason), ("@url", refund.WebhookUrl), ("@status", refund.Status),
            ("@reject", decision.Reject ? 1L : 0L), ("@now", refund.CreatedAtMs)).ConfigureAwait(false);
        return inserted == 1
            ? new RefundAttempt(RefundOutcome.Accepted, refund, order)
            : throw new RefundRolledBackException(RefundOutcome.Duplicate, null);
    }

    /// <summary>Takes the order row's write lock (a no-op update); false when there is no such order.</summary>
    private static async Task<bool> LockOrderAsync(DbConnection c, long prepayId, long? merchantId,
        CancellationToken ct) =>
        await (merchantId is { } m
            ? c.ExecuteAsync("UPDATE orders SET refund_count = refund_count WHERE prepay_id = @p AND merchant_id = @m",
                ct, ("@p", prepayId), ("@m", m))
            : c.ExecuteAsync("UPDATE orders SET refund_count = refund_count WHERE prepay_id = @p", ct,
                ("@p", prepayId))).ConfigureAwait(false) == 1;

    /// <summary>The buyer's leg of the order's payment journal; null unless there is exactly one.</summary>
    private static async Task<PaymentLeg?> PaymentLegAsync(DbConnection c, long prepayId, CancellationToken ct)
    {
        var legs = await c.QueryAsync(
            """
            SELECT p.account, p.asset, p.units FROM postings p JOIN journals j ON j.journal_id = p.journal_id
            WHERE j.kind = @kind AND j.order_id = @o AND p.account LIKE 'buyer:%' AND p.units < 0
            """, r => new PaymentLeg(r.GetString(0), r.GetString(1), -r.GetInt64(2)), ct,
            ("@o", prepayId), ("@kind", JournalKinds.Payment)).ConfigureAwait(false);
        return legs is [var leg] ? leg : null;
    }

    private static Refund Map(DbDataReader r) => new()
    {
        RefundId = r.GetInt64(0),
        MerchantId = r.GetInt64(1),
        RefundRequestId = r.GetString(2),
        PrepayId = r.GetInt64(3),
        Fingerprint = r.GetString(4),
        RefundUnits = r.GetInt64(5),
        RefundedUnitsAfter = r.GetInt64(6),
        RefundCommissionUnits = r.GetInt64(7),
        RefundedCommissionAfter = r.GetInt64(8),
        RemainingAttempts = (int)r.GetInt64(9),
        RefundReason = r.NullableString(10),
        WebhookUrl = r.NullableString(11),
        Status = r.GetString(12),
        CreatedAtMs = r.GetInt64(13),
        SettledAtMs = r.NullableLong(14),
    };

    /// <summary>Thrown inside the accepting transaction to roll back the order update and the hold journal.</summary>
    private sealed class RefundRolledBackException(RefundOutcome outcome, Application.Orders.Order? order)
        : Exception(outcome.ToString())
    {
        public RefundOutcome Outcome { get; } = outcome;

        public Application.Orders.Order? Order { get; } = order;
    }
}
