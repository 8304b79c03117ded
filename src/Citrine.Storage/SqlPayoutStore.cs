using System.Data.Common;
using System.Globalization;
using Citrine.Application;
using Citrine.Application.Payouts;
using Citrine.Application.Webhooks;
using Citrine.Contracts.Payouts;
using Citrine.Domain.Ledger;
using Citrine.Domain.Payouts;

namespace Citrine.Storage;

/// <summary>
/// Batch payouts (migration 0012). The store persists; the rules are the caller's (<see cref="PayoutPlans"/>). Every
/// change of a line locks its batch row first (a no-op update), so the changes of one batch's lines queue behind each
/// other on PostgreSQL and the one that settles the last open line sees every other's commit (READ COMMITTED takes a
/// new snapshot per statement) and finishes the batch exactly once. Lock order: batch row, line row, then balances in
/// account order (LedgerSql).
/// </summary>
public sealed class SqlPayoutStore(Database database) : IPayoutStore
{
    private const string BatchColumns =
        """
        batch_id, merchant_id, request_id, fingerprint, batch_name, currency, total_units, total_number, biz_scene,
        webhook_url, status, created_at_ms, finished_at_ms
        """;

    private const string LineColumns =
        """
        l.line_id, l.batch_id, l.merchant_id, b.currency, l.seq, l.merchant_send_id, l.receive_type, l.receiver,
        l.mobile_code, l.amount_units, l.transfer_method, l.remark, l.status, l.payee_buyer_id, l.payee_pay_id,
        l.fail_reason, l.expires_at_ms, l.settled_at_ms
        """;

    private static readonly string Processing = Line(PayoutLineStatus.Processing);
    private static readonly string Awaiting = Line(PayoutLineStatus.AwaitingReceipt);
    private static readonly string OpenLines = LifecycleSql.List(PayoutLifecycle.Line, PayoutLifecycle.Open);

    public async Task<PayoutAcceptOutcome> AcceptAsync(PayoutBatch batch, IReadOnlyList<PayoutLine> lines,
        Journal reserve, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                // The row first: a concurrent attempt with the same requestId waits here for ours (PostgreSQL) or
                // runs after it (SQLite's single writer), then finds it and answers it as a replay.
                var inserted = await c.ExecuteAsync(
                    $"""
                    INSERT INTO payout_batches ({BatchColumns})
                    VALUES (@id, @m, @r, @f, @name, @c, @units, @number, @scene, @url, @status, @at, NULL)
                    ON CONFLICT DO NOTHING
                    """, ct, ("@id", batch.BatchId), ("@m", batch.MerchantId), ("@r", batch.RequestId),
                    ("@f", batch.Fingerprint), ("@name", batch.BatchName), ("@c", batch.Currency),
                    ("@units", batch.TotalUnits), ("@number", (long)batch.TotalNumber), ("@scene", batch.BizScene),
                    ("@url", batch.WebhookUrl), ("@status", batch.Status), ("@at", batch.CreatedAtMs))
                    .ConfigureAwait(false);
                if (inserted != 1)
                {
                    var existing = await FindBatchAsync(c, batch.MerchantId, batch.RequestId, ct).ConfigureAwait(false);
                    return existing is not null
                        ? new PayoutAcceptOutcome(null, existing, false)
                        : new PayoutAcceptOutcome(null, null, true); // another batch has the id: try another
                }

                var posted = await LedgerSql.PostAsync(c, reserve, null, batch.CreatedAtMs, null, ct)
                    .ConfigureAwait(false);
                if (posted != PostOutcome.Posted)
                {
                    throw new LedgerRefusedException(posted); // rolls back the batch too: its requestId stays free
                }

                foreach (var line in lines)
                {
                    if (await c.ExecuteAsync(
                            """
                            INSERT INTO payout_lines (line_id, batch_id, merchant_id, seq, merchant_send_id,
                                receive_type, receiver, mobile_code, amount_units, transfer_method, remark, status)
                            VALUES (@id, @b, @m, @seq, @send, @type, @receiver, @code, @units, @method, @remark, @status)
                            ON CONFLICT DO NOTHING
                            """, ct, ("@id", line.LineId), ("@b", line.BatchId), ("@m", line.MerchantId),
                            ("@seq", (long)line.Seq), ("@send", line.MerchantSendId), ("@type", line.ReceiveType),
                            ("@receiver", line.Receiver), ("@code", line.MobileCode), ("@units", line.AmountUnits),
                            ("@method", line.TransferMethod), ("@remark", line.Remark), ("@status", line.Status))
                            .ConfigureAwait(false) != 1)
                    {
                        throw new IdCollisionException(); // a line id of another batch: roll back, try new ids
                    }
                }

                return new PayoutAcceptOutcome(batch, null, false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException)
        {
            return new PayoutAcceptOutcome(null, null, false);
        }
        catch (IdCollisionException)
        {
            return new PayoutAcceptOutcome(null, null, true);
        }
    }

    public Task<PayoutBatch?> FindBatchAsync(long merchantId, string requestId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => FindBatchAsync(c, merchantId, requestId, ct), cancellationToken);

    public async Task<IReadOnlyList<PayoutLine>> LinesAsync(long batchId, IReadOnlyCollection<string>? statuses,
        CancellationToken cancellationToken)
    {
        var lines = await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT {LineColumns} FROM payout_lines l JOIN payout_batches b ON b.batch_id = l.batch_id
            WHERE l.batch_id = @b ORDER BY l.seq
            """, MapLine, ct, ("@b", batchId)), cancellationToken).ConfigureAwait(false);
        return statuses is null ? lines : [.. lines.Where(l => statuses.Contains(l.Status))];
    }

    public Task<PayoutLine?> FindLineAsync(long merchantId, string requestId, string merchantSendId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"""
            SELECT {LineColumns} FROM payout_lines l JOIN payout_batches b ON b.batch_id = l.batch_id
            WHERE b.merchant_id = @m AND b.request_id = @r AND l.merchant_send_id = @s
            """, MapLine, ct, ("@m", merchantId), ("@r", requestId), ("@s", merchantSendId)), cancellationToken);

    public async Task<IReadOnlyList<ClaimedPayoutLine>> ClaimAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken)
    {
        var token = Ids.NewToken(24);
        var sql =
            $"""
            UPDATE payout_lines SET lease_until_ms = @lease, lease_token = @token
            WHERE line_id IN (
                SELECT p.line_id FROM payout_lines p
                WHERE p.status = {Processing} AND p.lease_until_ms <= @now
                ORDER BY p.lease_until_ms, p.line_id
                LIMIT @limit
                {(database.Kind == DatabaseKind.Postgres ? "FOR UPDATE SKIP LOCKED" : "")}
            ) AND status = {Processing} AND lease_until_ms <= @now
            RETURNING line_id, merchant_id
            """;
        var claimed = await database.WriteAsync((c, ct) => c.QueryAsync(sql,
            r => new ClaimedPayoutLine(r.GetInt64(0), r.GetInt64(1), token), ct, ("@lease", leaseUntilMs),
            ("@token", token), ("@now", nowMs), ("@limit", (long)limit)), cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(l => l.LineId)];
    }

    public async Task<IReadOnlyList<(long LineId, long MerchantId)>> ListExpiredAsync(long nowMs, int limit,
        CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"""
            SELECT line_id, merchant_id FROM payout_lines
            WHERE status = {Awaiting} AND {MerchantClockSql.Reached("expires_at_ms", "payout_lines.merchant_id")}
            ORDER BY expires_at_ms LIMIT @n
            """, r => (r.GetInt64(0), r.GetInt64(1)), ct, ("@n", limit), ("@now", nowMs)), cancellationToken)
            .ConfigureAwait(false);

    public async Task<PayoutSettleOutcome> SettleAsync(long lineId, string? leaseToken, long nowMs,
        Func<PayoutSettling, PayoutLinePlan> plan, Func<PayoutBatch, PayoutBatchStatus, long, OutboxEvent> finished,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync((c, ct) => SettleAsync(c, lineId, leaseToken, nowMs, plan, finished, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException)
        {
            return PayoutSettleOutcome.NotSettled;
        }
    }

    public Task<bool> SetReceiverFrozenAsync(long? merchantId, long buyerId, bool frozen,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            """
            UPDATE buyers SET payouts_frozen = @f
            WHERE buyer_id = @b AND (CAST(@m AS BIGINT) IS NULL OR owner_merchant_id IS NULL OR owner_merchant_id = @m)
            """, ct, ("@f", frozen ? 1L : 0L), ("@b", buyerId), ("@m", merchantId)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<PayoutReceiver?> ReceiverByBuyerAsync(long merchantId, long buyerId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            "SELECT buyer_id, pay_id, owner_merchant_id, payouts_frozen FROM buyers WHERE buyer_id = @b",
            r => MapReceiver(r, merchantId), ct, ("@b", buyerId)), cancellationToken);

    private static async Task<PayoutSettleOutcome> SettleAsync(DbConnection c, long lineId, string? leaseToken,
        long nowMs, Func<PayoutSettling, PayoutLinePlan> plan,
        Func<PayoutBatch, PayoutBatchStatus, long, OutboxEvent> finished, CancellationToken ct)
    {
        var batchId = await c.ScalarLongAsync("SELECT batch_id FROM payout_lines WHERE line_id = @id", ct,
            ("@id", lineId)).ConfigureAwait(false);
        if (batchId is null)
        {
            return PayoutSettleOutcome.NotSettled;
        }

        // Lock the batch row (see the class comment), then read what the rules need as it now stands.
        await c.ExecuteAsync("UPDATE payout_batches SET status = status WHERE batch_id = @b", ct, ("@b", batchId))
            .ConfigureAwait(false);
        var batch = (await c.QuerySingleAsync($"SELECT {BatchColumns} FROM payout_batches WHERE batch_id = @b",
            MapBatch, ct, ("@b", batchId)).ConfigureAwait(false))!;
        var line = (await c.QuerySingleAsync(
            $"""
            SELECT {LineColumns} FROM payout_lines l JOIN payout_batches b ON b.batch_id = l.batch_id
            WHERE l.line_id = @id
            """, MapLine, ct, ("@id", lineId)).ConfigureAwait(false))!;
        var receiver = await FindReceiverAsync(c, line, ct).ConfigureAwait(false);
        var decided = plan(new PayoutSettling(batch, line, receiver));

        // The line's edge decides every race (two processors, a processor and the sandbox, two expiry sweeps).
        var sources = LifecycleSql.Sources(PayoutLifecycle.Line, decided.Event, decided.To);
        var moved = await c.ExecuteAsync(
            $"""
            UPDATE payout_lines SET status = {Line(decided.To)}, payee_buyer_id = @buyer, payee_pay_id = @pay,
                fail_reason = @reason, expires_at_ms = COALESCE(@expires, expires_at_ms),
                settled_at_ms = @settled, lease_until_ms = 0, lease_token = NULL
            WHERE line_id = @id AND status IN ({sources})
              AND (CAST(@token AS TEXT) IS NULL OR lease_token = @token)
            """, ct, ("@id", lineId), ("@buyer", decided.Payee?.BuyerId), ("@pay", decided.Payee?.PayId),
            ("@reason", decided.FailReason), ("@expires", decided.ExpiresAtMs),
            ("@settled", decided.Journal is null ? null : nowMs), ("@token", leaseToken)).ConfigureAwait(false);
        if (moved != 1)
        {
            return PayoutSettleOutcome.NotSettled;
        }

        if (decided.Journal is { } journal)
        {
            var posted = await LedgerSql.PostAsync(c, journal, null, nowMs, null, ct).ConfigureAwait(false);
            if (posted != PostOutcome.Posted)
            {
                throw new LedgerRefusedException(posted);
            }
        }

        if (decided.Notification is { } notification)
        {
            await OutboxSql.InsertAsync(c, notification, ct).ConfigureAwait(false);
        }

        await c.ExecuteAsync(
            $"""
            UPDATE payout_batches SET status = {Batch(PayoutBatchStatus.Processing)}
            WHERE batch_id = @b AND status IN ({LifecycleSql.Sources(PayoutLifecycle.Batch, PayoutBatchEvent.Start,
                PayoutBatchStatus.Processing)})
            """, ct, ("@b", batchId)).ConfigureAwait(false);
        await FinishAsync(c, batch, nowMs, finished, ct).ConfigureAwait(false);
        return PayoutSettleOutcome.Settled;
    }

    /// <summary>Gives the batch its final status and <c>PAYOUT</c> webhook once no line is open.</summary>
    private static async Task FinishAsync(DbConnection c, PayoutBatch batch, long nowMs,
        Func<PayoutBatch, PayoutBatchStatus, long, OutboxEvent> finished, CancellationToken ct)
    {
        var counts = (await c.QuerySingleAsync(
            $"""
            SELECT CAST(SUM(CASE WHEN status IN ({OpenLines}) THEN 1 ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN status = {Line(PayoutLineStatus.Success)} THEN 1 ELSE 0 END) AS BIGINT),
                COUNT(*)
            FROM payout_lines WHERE batch_id = @b
            """, r => new LineCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), ct,
            ("@b", batch.BatchId)).ConfigureAwait(false))!;
        if (counts.Open > 0)
        {
            return;
        }

        var to = PayoutLifecycle.FinalStatus((int)counts.Succeeded, (int)counts.Total);
        var moved = await c.ExecuteAsync(
            $"""
            UPDATE payout_batches SET status = {Batch(to)}, finished_at_ms = @now
            WHERE batch_id = @b AND status IN ({LifecycleSql.Sources(PayoutLifecycle.Batch, PayoutBatchEvent.Finish, to)})
            """, ct, ("@b", batch.BatchId), ("@now", nowMs)).ConfigureAwait(false);
        if (moved == 1)
        {
            await OutboxSql.InsertAsync(c, finished(batch, to, nowMs), ct).ConfigureAwait(false);
        }
    }

    /// <summary>The buyer the line's receiver names, or null; a receiver that is not a number names no Binance ID,
    /// Pay ID or phone.</summary>
    private static async Task<PayoutReceiver?> FindReceiverAsync(DbConnection c, PayoutLine line,
        CancellationToken ct)
    {
        const string Select = "SELECT buyer_id, pay_id, owner_merchant_id, payouts_frozen FROM buyers WHERE ";
        var numeric = long.TryParse(line.Receiver, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        var (where, parameters) = line.ReceiveType switch
        {
            ReceiveTypes.BinanceId when numeric => ("binance_id = @v", new (string, object?)[] { ("@v", id) }),
            ReceiveTypes.PayId when numeric => ("pay_id = @v", [("@v", id)]),
            PayoutNames.Email => ("LOWER(email) = @v", [("@v", line.Receiver.ToLowerInvariant())]),
            PayoutNames.Phone => ("mobile_code = @c AND mobile_number = @v",
                [("@c", line.MobileCode), ("@v", line.Receiver)]),
            _ => (null, []),
        };
        return where is null
            ? null
            : await c.QuerySingleAsync(Select + where, r => MapReceiver(r, line.MerchantId), ct, parameters)
                .ConfigureAwait(false);
    }

    private static PayoutReceiver MapReceiver(DbDataReader r, long merchantId) => new(r.GetInt64(0), r.GetInt64(1),
        r.NullableLong(2) is not { } owner || owner == merchantId, r.GetInt64(3) == 1);

    private static Task<PayoutBatch?> FindBatchAsync(DbConnection c, long merchantId, string requestId,
        CancellationToken ct) => c.QuerySingleAsync(
        $"SELECT {BatchColumns} FROM payout_batches WHERE merchant_id = @m AND request_id = @r", MapBatch, ct,
        ("@m", merchantId), ("@r", requestId));

    private static PayoutBatch MapBatch(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2),
        r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), (int)r.GetInt64(7), r.GetString(8),
        r.NullableString(9), r.GetString(10), r.GetInt64(11), r.NullableLong(12));

    private static PayoutLine MapLine(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2),
        r.GetString(3), (int)r.GetInt64(4), r.GetString(5), r.GetString(6), r.GetString(7), r.NullableString(8),
        r.GetInt64(9), r.GetString(10), r.NullableString(11), r.GetString(12), r.NullableLong(13), r.NullableLong(14),
        r.NullableString(15), r.NullableLong(16), r.NullableLong(17));

    private static string Line(PayoutLineStatus status) => LifecycleSql.Literal(PayoutLifecycle.Line, status);

    private static string Batch(PayoutBatchStatus status) => LifecycleSql.Literal(PayoutLifecycle.Batch, status);

    private sealed record LineCounts(long Open, long Succeeded, long Total);

    /// <summary>Thrown inside the accepting transaction when a line id is taken, to roll back the batch.</summary>
    private sealed class IdCollisionException() : Exception("payout line id taken");
}
