using System.Data.Common;
using System.Globalization;
using Citrine.Application;
using Citrine.Application.Orders;
using Citrine.Application.Refunds;
using Citrine.Application.Webhooks;
using Citrine.Contracts.Refunds;
using Citrine.Domain.Ledger;

namespace Citrine.Storage;

/// <summary>
/// Refunds. Lock order is always the order row first, then the refund row, so that on PostgreSQL a refund being
/// accepted and one being settled on the same order wait for each other instead of deadlocking, and each statement
/// after the first sees what the other committed (READ COMMITTED takes a new snapshot per statement).
/// </summary>
public sealed class SqlRefundStore(Database database) : IRefundStore
{
    private const string Columns =
        """
        refund_id, merchant_id, refund_request_id, prepay_id, fingerprint, refund_units, refunded_units_after,
        refund_commission_units, refunded_commission_after, remaining_attempts, refund_reason, webhook_url, status,
        created_at_ms, settled_at_ms
        """;

    private const string RefundableStatuses = "'PAID', 'REFUNDING', 'REFUNDED'";

    public async Task<RefundAttempt> RequestAsync(RefundRequest request, long nowMs,
        CancellationToken cancellationToken)
    {
        var existing = await FindAsync(request.MerchantId, request.RefundRequestId, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return await ReplayAsync(request, existing, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await database.WriteAsync((c, ct) => AcceptAsync(c, request, nowMs, ct), cancellationToken)
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

    public async Task<IReadOnlyList<long>> ListPendingAsync(int limit, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            "SELECT refund_id FROM refunds WHERE status = 'REFUND_PENDING' ORDER BY created_at_ms LIMIT @n",
            r => r.GetInt64(0), ct, ("@n", limit)), cancellationToken).ConfigureAwait(false);

    public Task<bool> RejectNextRefundAsync(long merchantId, long prepayId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "UPDATE orders SET reject_next_refund = 1 WHERE prepay_id = @p AND merchant_id = @m", ct,
            ("@p", prepayId), ("@m", merchantId)).ConfigureAwait(false) == 1, cancellationToken);

    public Task<bool> SettleAsync(long refundId, long nowMs, Func<Order, Refund, OutboxEvent> notification,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            // Lock the order row first (see the class comment).
            var prepayId = await c.ScalarLongAsync("SELECT prepay_id FROM refunds WHERE refund_id = @id", ct,
                ("@id", refundId)).ConfigureAwait(false);
            if (prepayId is null)
            {
                return false;
            }

            await c.ExecuteAsync("UPDATE orders SET refund_count = refund_count WHERE prepay_id = @p", ct,
                ("@p", prepayId)).ConfigureAwait(false);
            var refund = await c.QuerySingleAsync(
                $"""
                UPDATE refunds SET status = CASE WHEN reject = 1 THEN 'REFUND_FAIL' ELSE 'REFUND_SUCCESS' END,
                    settled_at_ms = @now
                WHERE refund_id = @id AND status = 'REFUND_PENDING'
                RETURNING {Columns}
                """, Map, ct, ("@id", refundId), ("@now", nowMs)).ConfigureAwait(false);
            if (refund is null)
            {
                return false;
            }

            var order = (await SqlOrderStore.GetAsync(c, refund.PrepayId, ct).ConfigureAwait(false))!;
            var rejected = refund.Status == RefundStatusNames.Fail;
            var journal = rejected
                ? ReleaseJournal(order, refund)
                : await RefundJournalAsync(c, order, refund, ct).ConfigureAwait(false);
            var posted = await LedgerSql.PostAsync(c, journal, order.PrepayId, nowMs, null, ct).ConfigureAwait(false);
            if (posted != PostOutcome.Posted)
            {
                throw new LedgerRefusedException(posted);
            }

            // A rejected refund gives its amount back to the order (its attempt stays used). The status follows
            // what is left: still REFUNDING while another refund is pending, else by the amount refunded.
            var settled = await c.QuerySingleAsync(
                $"""
                UPDATE orders SET refunded_units = refunded_units - @back,
                    status = CASE
                        WHEN EXISTS (SELECT 1 FROM refunds r WHERE r.prepay_id = orders.prepay_id
                                     AND r.status = 'REFUND_PENDING') THEN 'REFUNDING'
                        WHEN refunded_units - @back >= amount_units THEN 'FULL_REFUNDED'
                        WHEN refunded_units - @back = 0 THEN 'PAID'
                        ELSE 'REFUNDED' END
                WHERE prepay_id = @p
                RETURNING {SqlOrderStore.Columns}
                """, SqlOrderStore.Map, ct, ("@p", order.PrepayId), ("@back", rejected ? refund.RefundUnits : 0L))
                .ConfigureAwait(false);
            await OutboxSql.InsertAsync(c, notification(settled!, refund), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

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
        CancellationToken ct)
    {
        // The decisive update: at most 10 refunds, never more than the amount paid, only a paid order. The 10th
        // (remainingAttempts was 1) takes the whole remainder, whatever was asked (docs/api-reference.md#refund-order).
        var takenRows = await c.QueryAsync(
            $"""
            UPDATE orders SET refund_count = refund_count + 1, status = 'REFUNDING',
                last_refund_units = CASE WHEN refund_count = @last THEN amount_units - refunded_units ELSE @x END,
                refunded_units = CASE WHEN refund_count = @last THEN amount_units ELSE refunded_units + @x END
            WHERE prepay_id = @p AND merchant_id = @m AND status IN ({RefundableStatuses})
                AND refund_count < @max AND refunded_units < amount_units
                AND (refund_count = @last OR refunded_units + @x <= amount_units)
            RETURNING {SqlOrderStore.Columns}, refund_count, last_refund_units, reject_next_refund
            """, r => (Order: SqlOrderStore.Map(r), Count: (int)r.GetInt64(29), Units: r.GetInt64(30),
                Reject: r.GetInt64(31) == 1), ct,
            ("@p", request.PrepayId), ("@m", request.MerchantId), ("@x", request.AmountUnits),
            ("@max", RefundOrderHandler.AttemptsMax), ("@last", RefundOrderHandler.AttemptsMax - 1))
            .ConfigureAwait(false);
        if (takenRows is not [var t])
        {
            var (outcome, current) = await DiagnoseAsync(c, request, ct).ConfigureAwait(false);
            return new RefundAttempt(outcome, null, current);
        }

        var order = t.Order;
        var before = order.RefundedUnits - t.Units;
        var commissionAfter = ProRata(order.CommissionUnits, order.RefundedUnits, order.AmountUnits);
        var commission = commissionAfter - ProRata(order.CommissionUnits, before, order.AmountUnits);
        if (t.Reject)
        {
            await c.ExecuteAsync("UPDATE orders SET reject_next_refund = 0 WHERE prepay_id = @p", ct,
                ("@p", order.PrepayId)).ConfigureAwait(false);
        }

        var refund = new Refund
        {
            RefundId = Ids.NewPrepayId(nowMs),
            MerchantId = request.MerchantId,
            RefundRequestId = request.RefundRequestId,
            PrepayId = order.PrepayId,
            Fingerprint = request.Fingerprint,
            RefundUnits = t.Units,
            RefundedUnitsAfter = order.RefundedUnits,
            RefundCommissionUnits = commission,
            RefundedCommissionAfter = commissionAfter,
            RemainingAttempts = RefundOrderHandler.AttemptsMax - t.Count,
            RefundReason = request.RefundReason,
            WebhookUrl = request.WebhookUrl,
            Status = RefundStatusNames.Pending,
            CreatedAtMs = nowMs,
        };
        var posted = await LedgerSql.PostAsync(c, HoldJournal(order, refund), order.PrepayId, nowMs, null, ct)
            .ConfigureAwait(false);
        if (posted != PostOutcome.Posted)
        {
            throw new RefundRolledBackException(RefundOutcome.MerchantBalanceTooLow, order);
        }

        var inserted = await c.ExecuteAsync(
            """
            INSERT INTO refunds (refund_id, merchant_id, refund_request_id, prepay_id, fingerprint, refund_units,
                refunded_units_after, refund_commission_units, refunded_commission_after, remaining_attempts,
                refund_reason, webhook_url, status, reject, created_at_ms)
            VALUES (@id, @m, @r, @p, @f, @u, @ua, @cu, @ca, @left, @reason, @url, 'REFUND_PENDING', @reject, @now)
            ON CONFLICT (merchant_id, refund_request_id) DO NOTHING
            """, ct, ("@id", refund.RefundId), ("@m", refund.MerchantId), ("@r", refund.RefundRequestId),
            ("@p", refund.PrepayId), ("@f", refund.Fingerprint), ("@u", refund.RefundUnits),
            ("@ua", refund.RefundedUnitsAfter), ("@cu", refund.RefundCommissionUnits),
            ("@ca", refund.RefundedCommissionAfter), ("@left", refund.RemainingAttempts),
            ("@reason", refund.RefundReason), ("@url", refund.WebhookUrl), ("@reject", t.Reject ? 1L : 0L),
            ("@now", nowMs)).ConfigureAwait(false);
        return inserted == 1
            ? new RefundAttempt(RefundOutcome.Accepted, refund, order)
            : throw new RefundRolledBackException(RefundOutcome.Duplicate, null);
    }

    private static async Task<(RefundOutcome, Order?)> DiagnoseAsync(DbConnection c, RefundRequest request,
        CancellationToken ct)
    {
        var rows = await c.QueryAsync(
            $"SELECT {SqlOrderStore.Columns}, refund_count FROM orders WHERE prepay_id = @p AND merchant_id = @m",
            r => (Order: SqlOrderStore.Map(r), Count: r.GetInt64(29)), ct, ("@p", request.PrepayId),
            ("@m", request.MerchantId)).ConfigureAwait(false);
        if (rows is not [var found])
        {
            return (RefundOutcome.OrderNotFound, null);
        }

        var order = found.Order;
        if (found.Count >= RefundOrderHandler.AttemptsMax)
        {
            return (RefundOutcome.TooManyAttempts, order);
        }

        return order.Status is Domain.Orders.OrderStatus.Paid or Domain.Orders.OrderStatus.Refunding
            or Domain.Orders.OrderStatus.Refunded or Domain.Orders.OrderStatus.FullRefunded
            ? (RefundOutcome.AmountExceedsRemaining, order)
            : (RefundOutcome.OrderNotRefundable, order);
    }

    /// <summary>The commission that belongs to <paramref name="refundedUnits"/> of the order, rounded down; the last
    /// refund brings the total to the whole commission.</summary>
    private static long ProRata(long commissionUnits, long refundedUnits, long amountUnits) =>
        (long)((Int128)commissionUnits * refundedUnits / amountUnits);

    /// <summary>Accepting: the merchant's share and the refunded commission are held until the refund settles.</summary>
    private static Journal HoldJournal(Order order, Refund refund) => Journal.Create(JournalKinds.RefundHold,
        Reference(refund), new[]
        {
            new Posting(Accounts.Merchant(order.MerchantId), order.Currency, -(refund.RefundUnits - refund.RefundCommissionUnits)),
            new Posting(Accounts.Fees, order.Currency, -refund.RefundCommissionUnits),
            new Posting(Accounts.RefundsPending, order.Currency, refund.RefundUnits),
        }.Where(p => p.Units != 0).ToArray());

    /// <summary>Rejected: the held amount goes back where it came from.</summary>
    private static Journal ReleaseJournal(Order order, Refund refund) => Journal.Create(JournalKinds.RefundRelease,
        Reference(refund), new[]
        {
            new Posting(Accounts.RefundsPending, order.Currency, -refund.RefundUnits),
            new Posting(Accounts.Merchant(order.MerchantId), order.Currency, refund.RefundUnits - refund.RefundCommissionUnits),
            new Posting(Accounts.Fees, order.Currency, refund.RefundCommissionUnits),
        }.Where(p => p.Units != 0).ToArray());

    /// <summary>
    /// Settled: the buyer who paid gets the refund in the currency paid, at the payment's own rate (units paid per
    /// unit of the order amount, from the payment journal), rounded down, cumulatively so that refunding the whole
    /// order returns exactly what was paid.
    /// </summary>
    private static async Task<Journal> RefundJournalAsync(DbConnection c, Order order, Refund refund,
        CancellationToken ct)
    {
        var paid = await c.QueryAsync(
            """
            SELECT p.account, p.asset, p.units FROM postings p JOIN journals j ON j.journal_id = p.journal_id
            WHERE j.kind = 'PAYMENT' AND j.order_id = @o AND p.account LIKE 'buyer:%' AND p.units < 0
            """, r => (Account: r.GetString(0), Asset: r.GetString(1), Units: -r.GetInt64(2)), ct,
            ("@o", order.PrepayId)).ConfigureAwait(false);
        var (buyer, asset, paidUnits) = paid is [var leg] ? leg : throw new InvalidOperationException(
            string.Create(CultureInfo.InvariantCulture, $"Order {order.PrepayId} has no single buyer payment leg."));
        var postings = new List<Posting> { new(Accounts.RefundsPending, order.Currency, -refund.RefundUnits) };
        if (asset == order.Currency)
        {
            postings.Add(new Posting(buyer, asset, refund.RefundUnits));
        }
        else
        {
            var back = ProRata(paidUnits, refund.RefundedUnitsAfter, order.AmountUnits)
                       - ProRata(paidUnits, refund.RefundedUnitsAfter - refund.RefundUnits, order.AmountUnits);
            postings.Add(new Posting(Accounts.Exchange, order.Currency, refund.RefundUnits));
            postings.Add(new Posting(Accounts.Exchange, asset, -back));
            postings.Add(new Posting(buyer, asset, back));
        }

        return Journal.Create(JournalKinds.Refund, Reference(refund), postings.Where(p => p.Units != 0).ToArray());
    }

    private static string Reference(Refund refund) => refund.RefundId.ToString(CultureInfo.InvariantCulture);

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
    private sealed class RefundRolledBackException(RefundOutcome outcome, Order? order) : Exception(outcome.ToString())
    {
        public RefundOutcome Outcome { get; } = outcome;

        public Order? Order { get; } = order;
    }
}
