using Citrine.Application.Sandbox;
using Citrine.Application.Webhooks;
using Citrine.Contracts.Payouts;
using Citrine.Domain.Orders;

namespace Citrine.Storage;

/// <summary>The sandbox clock rows (server-wide and per merchant), expire-now, and per-merchant reset.</summary>
public sealed class SqlSandboxStore(Database database) : ISandboxStore
{
    // Expire-now is the order's Expire edge with the expiry time moved to now.
    private static readonly string ExpireNowSql =
        $"""
        UPDATE orders SET status = {SqlOrderStore.Target(OrderEvent.Expire)}, transact_time_ms = @now,
            expire_time_ms = CASE WHEN expire_time_ms < @now THEN expire_time_ms ELSE @now END
        WHERE prepay_id = @p AND status IN ({SqlOrderStore.Sources(OrderEvent.Expire)})
        """;

    public async Task<long> ReadClockOffsetAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.ScalarLongAsync("SELECT offset_ms FROM sandbox_clock WHERE id = 1", ct),
            cancellationToken).ConfigureAwait(false) ?? 0;

    // The cap is part of the conditional update, so concurrent advances cannot together pass it.
    public Task<long?> AdvanceClockAsync(long deltaMs, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ScalarLongAsync(
            "UPDATE sandbox_clock SET offset_ms = offset_ms + @d WHERE id = 1 AND offset_ms + @d <= @max RETURNING offset_ms",
            ct, ("@d", deltaMs), ("@max", SandboxClock.OffsetMaxMs)), cancellationToken);

    public async Task<IReadOnlyList<(long MerchantId, long OffsetMs)>> ReadMerchantClockOffsetsAsync(
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync("SELECT merchant_id, offset_ms FROM sandbox_merchant_clock",
            r => (r.GetInt64(0), r.GetInt64(1)), ct), cancellationToken).ConfigureAwait(false);

    public async Task<long> ReadMerchantClockOffsetAsync(long merchantId, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.ScalarLongAsync(
            "SELECT offset_ms FROM sandbox_merchant_clock WHERE merchant_id = @m", ct, ("@m", merchantId)),
            cancellationToken).ConfigureAwait(false) ?? 0;

    // One upsert: concurrent advances of one merchant all count (the row lock, or SQLite's single writer, orders them).
    public Task<long?> AdvanceMerchantClockAsync(long merchantId, long deltaMs,
        CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ScalarLongAsync(
            """
            INSERT INTO sandbox_merchant_clock (merchant_id, offset_ms) VALUES (@m, @d)
            ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = sandbox_merchant_clock.offset_ms + excluded.offset_ms
            WHERE sandbox_merchant_clock.offset_ms + excluded.offset_ms <= @max
            RETURNING offset_ms
            """, ct, ("@m", merchantId), ("@d", deltaMs), ("@max", SandboxClock.OffsetMaxMs)), cancellationToken);

    public Task<bool> TryExpireNowAsync(long prepayId, long nowMs, OutboxEvent closedEvent,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            if (await c.ExecuteAsync(ExpireNowSql, ct, ("@p", prepayId), ("@now", nowMs)).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await OutboxSql.InsertAsync(c, closedEvent, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Deletes the merchant's profit-sharing receivers and splits, contracts, direct-debit payments, orders, refunds,
    /// convert quotes and trade orders, balance report jobs and webhook events: everything a background loop (sweeper,
    /// refund settlement, webhook dispatcher, processors) could later touch. The merchant's sandbox clock offset is kept: it only moves forward (docs/sandbox.md#reset). The ledger is append-only, so payment journals of
    /// deleted orders stay; the deleted paid orders are listed in <c>sandbox_reset_orders</c> for the auditor. Refunds
    /// go with their orders in the same transaction, so no pending refund is left for the settlement loop to find
    /// without its order (issue 12); the hold journal of a refund still pending stays too, its amount left in the hold
    /// account like the payment of a deleted order (docs/compatibility.md#refunds). Money out is kept: wallet transfers,
    /// payout batches and lines and their <c>PAYOUT</c> events stay, like the balances and journals they moved, so an
    /// open batch still settles and announces itself after the reset (docs/sandbox.md#reset).
    /// </summary>
    public Task<SandboxResetCounts> ResetMerchantAsync(long merchantId, long nowMs,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            // Profit sharing first: its open lines are released before their splits go (SqlSplitStore).
            await SqlSplitStore.ResetMerchantAsync(c, merchantId, nowMs, ct).ConfigureAwait(false);

            // Contracts next: pay/apply locks the contract before it writes its order, so a debit in flight either
            // commits before this delete (and its paid order is listed and deleted below) or finds its contract gone.
            var contracts = await c.ExecuteAsync("DELETE FROM direct_debit_contracts WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM direct_debit_payments WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM direct_debit_notifications WHERE merchant_id = @m", ct,
                ("@m", merchantId)).ConfigureAwait(false);
            await c.ExecuteAsync(
                """
                INSERT INTO sandbox_reset_orders (prepay_id, merchant_id, reset_at_ms)
                SELECT o.prepay_id, o.merchant_id, @now FROM orders o
                WHERE o.merchant_id = @m AND EXISTS (
                    SELECT 1 FROM journals j WHERE j.kind = 'PAYMENT' AND j.order_id = o.prepay_id)
                """, ct, ("@m", merchantId), ("@now", nowMs)).ConfigureAwait(false);
            // Orders, then refunds: the refund settler's lock order (SqlRefundStore), so that on PostgreSQL a
            // reset waits for a settlement in flight instead of deadlocking with it; the later statements then see
            // what that settlement committed (its refund row and PAY_REFUND event) and delete it too.
            var orders = await c.ExecuteAsync("DELETE FROM orders WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM refunds WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            // PAYOUT events stay with their batches: money out is kept like the balances it moved (see above).
            var events = await c.ExecuteAsync("DELETE FROM webhook_outbox WHERE merchant_id = @m AND biz_type <> @payout",
                ct, ("@m", merchantId), ("@payout", PayoutNames.BizTypePayout)).ConfigureAwait(false);
            // Convert: quotes first, so that on PostgreSQL an execution in flight (it holds its quote's row) commits
            // before the trades are listed and deleted. A trade's journal stays; the auditor accepts it through
            // sandbox_reset_convert_trades.
            await c.ExecuteAsync("DELETE FROM convert_quotes WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            await c.ExecuteAsync(
                """
                INSERT INTO sandbox_reset_convert_trades (order_id, merchant_id, reset_at_ms)
                SELECT order_id, merchant_id, @now FROM convert_trades WHERE merchant_id = @m
                """, ct, ("@m", merchantId), ("@now", nowMs)).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM convert_trades WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            // Balance report jobs and their month counters (migration 0018): a reset starts the merchant's reports
            // afresh, so no job of the old sandbox is built or queried after it (docs/compatibility.md#reports).
            await c.ExecuteAsync("DELETE FROM balance_reports WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM report_quota WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            // Share account id requests and merchant QR code scans (migration 0021) start afresh too; provider
            // authorisations are between two merchants and stay.
            await c.ExecuteAsync("DELETE FROM share_requests WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM merchant_qr_scans WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
            return new SandboxResetCounts(orders, contracts, events);
        }, cancellationToken);
}
