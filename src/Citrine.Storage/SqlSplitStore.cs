using System.Data.Common;
using Citrine.Application;
using Citrine.Application.Merchants;
using Citrine.Application.ProfitSharing;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Domain.ProfitSharing;

namespace Citrine.Storage;

/// <summary>
/// Profit sharing (migration 0019). The order row's conditional update of <c>split_units</c> decides concurrent
/// splits of one order; a line's change locks its split row first (a no-op update), so the lines of one split queue
/// and the one that settles the last open line sees the others' commits and finishes the split exactly once. Lock
/// order: split row, line row, order row, balances in account order (LedgerSql).
/// </summary>
public sealed class SqlSplitStore(Database database) : ISplitStore
{
    private const string SplitColumns =
        """
        split_id, merchant_id, merchant_request_id, prepay_id, fingerprint, currency, total_units, status,
        created_at_ms, finished_at_ms
        """;

    private const string LineColumns =
        """
        detail_id, split_id, merchant_id, seq, account, amount_units, description, webhook_url, status, payee_buyer_id,
        fail_reason, returned_units, finished_at_ms, payee_merchant_id
        """;

    private const string ReturnColumns =
        """
        r.return_id, r.merchant_id, r.merchant_return_no, r.prepay_id, r.split_id, s.merchant_request_id, r.fingerprint,
        r.transfer_out_account, r.amount_units, r.description, r.webhook_url, r.status, r.fail_reason, r.created_at_ms,
        r.finished_at_ms
        """;

    /// <summary>Why a return failed: the receiver no longer holds the amount in its wallet.</summary>
    public const string ReceiverBalanceTooLow = "RECEIVER_BALANCE_INSUFFICIENT";

    /// <summary>Why an open line failed: the sandbox reset of its merchant.</summary>
    public const string SandboxReset = "SANDBOX_RESET";

    private static readonly string Paid = LifecycleSql.Literal(OrderLifecycle.Table, OrderStatus.Paid);
    private static readonly string Processing = Line(SplitLineStatus.Processing);
    private static readonly string Success = Line(SplitLineStatus.Success);

    public Task<ReceiverAddOutcome> AddReceiverAsync(long merchantId, string account, long nowMs,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            if (!long.TryParse(account, System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return ReceiverAddOutcome.NoSuchBuyer;
            }

            // A buyer the merchant may pay (its own or a shared one, as payouts: SqlPayoutStore.MapReceiver), or
            // another merchant the operator lets receive splits. The ranges do not meet (migration 0020).
            long? buyerId = null, payeeMerchantId = null;
            if (id >= MerchantAccountLimit)
            {
                buyerId = await c.ScalarLongAsync(
                    """
                    SELECT buyer_id FROM buyers
                    WHERE binance_id = @b AND (owner_merchant_id IS NULL OR owner_merchant_id = @m)
                    """, ct, ("@b", id), ("@m", merchantId)).ConfigureAwait(false);
            }
            else if (id != merchantId)
            {
                payeeMerchantId = await c.ScalarLongAsync(
                    $"""
                    SELECT merchant_id FROM merchants
                    WHERE merchant_id = @p AND accepts_splits = 1 AND status = '{Merchant.Active}'
                    """, ct, ("@p", id)).ConfigureAwait(false);
            }

            if (buyerId is null && payeeMerchantId is null)
            {
                return ReceiverAddOutcome.NoSuchBuyer;
            }

            return await c.ExecuteAsync(
                """
                INSERT INTO split_receivers (merchant_id, account, buyer_id, receiver_merchant_id, created_at_ms)
                VALUES (@m, @a, @b, @pm, @now)
                ON CONFLICT DO NOTHING
                """, ct, ("@m", merchantId), ("@a", account), ("@b", buyerId), ("@pm", payeeMerchantId),
                ("@now", nowMs)).ConfigureAwait(false) == 1
                ? ReceiverAddOutcome.Added
                : ReceiverAddOutcome.AlreadyRegistered;
        }, cancellationToken);

    public Task<ReceiverPage> ListReceiversAsync(long merchantId, int pageNum, int pageSize,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            var total = await c.ScalarLongAsync("SELECT COUNT(*) FROM split_receivers WHERE merchant_id = @m", ct,
                ("@m", merchantId)).ConfigureAwait(false) ?? 0;
            var accounts = await c.QueryAsync(
                """
                SELECT account FROM split_receivers WHERE merchant_id = @m
                ORDER BY created_at_ms, account LIMIT @n OFFSET @skip
                """, r => r.GetString(0), ct, ("@m", merchantId), ("@n", (long)pageSize),
                ("@skip", (long)(pageNum - 1) * pageSize)).ConfigureAwait(false);
            return new ReceiverPage(accounts, total);
        }, cancellationToken);

    public Task<bool> DeleteReceiverAsync(long merchantId, string account, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "DELETE FROM split_receivers WHERE merchant_id = @m AND account = @a", ct, ("@m", merchantId),
            ("@a", account)).ConfigureAwait(false) == 1, cancellationToken);

    public Task<string?> SplittableCurrencyAsync(long merchantId, long prepayId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"""
            SELECT currency FROM orders
            WHERE prepay_id = @p AND merchant_id = @m AND status = {Paid} AND profit_sharing = 1
            """, r => r.GetString(0), ct, ("@p", prepayId), ("@m", merchantId)), cancellationToken);

    public async Task<SplitSubmitResult> SubmitAsync(SplitOrder split, IReadOnlyList<SplitLine> lines,
        Journal reserve, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync((c, ct) => SubmitAsync(c, split, lines, reserve, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RolledBackException e)
        {
            return e.Submit!;
        }
    }

    public Task<SplitOrder?> FindSplitAsync(long merchantId, string merchantRequestId, long? prepayId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"""
            SELECT {SplitColumns} FROM split_orders
            WHERE merchant_id = @m AND merchant_request_id = @r AND (CAST(@p AS BIGINT) IS NULL OR prepay_id = @p)
            """, MapSplit, ct, ("@m", merchantId), ("@r", merchantRequestId), ("@p", prepayId)), cancellationToken);

    public async Task<IReadOnlyList<SplitLine>> LinesAsync(long splitId, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"SELECT {LineColumns} FROM split_lines WHERE split_id = @s ORDER BY seq", MapLine, ct, ("@s", splitId)),
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ClaimedSplitLine>> ClaimAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken)
    {
        var token = Ids.NewToken(24);
        var sql =
            $"""
            UPDATE split_lines SET lease_until_ms = @lease, lease_token = @token
            WHERE detail_id IN (
                SELECT l.detail_id FROM split_lines l
                WHERE l.status = {Processing} AND l.lease_until_ms <= @now
                ORDER BY l.lease_until_ms, l.detail_id
                LIMIT @limit
                {(database.Kind == DatabaseKind.Postgres ? "FOR UPDATE SKIP LOCKED" : "")}
            ) AND status = {Processing} AND lease_until_ms <= @now
            RETURNING detail_id, merchant_id
            """;
        var claimed = await database.WriteAsync((c, ct) => c.QueryAsync(sql,
            r => new ClaimedSplitLine(r.GetInt64(0), r.GetInt64(1), token), ct, ("@lease", leaseUntilMs), ("@token", token),
            ("@now", nowMs), ("@limit", (long)limit)), cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(l => l.DetailId)];
    }

    public Task<bool> SettleAsync(long detailId, string? leaseToken, long nowMs,
        Func<SplitSettling, (bool Pay, string? FailReason)> decide, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => SettleAsync(c, detailId, leaseToken, nowMs, decide, ct), cancellationToken);

    public Task<SplitReturn?> FindReturnAsync(long merchantId, string merchantReturnNo,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => FindReturnAsync(c, merchantId, merchantReturnNo, ct), cancellationToken);

    public async Task<SplitReturnResult> ReturnAsync(SplitReturnCommand command, long returnId, string fingerprint,
        long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await database.WriteAsync((c, ct) => ReturnAsync(c, command, returnId, fingerprint, nowMs, false,
                ct), cancellationToken).ConfigureAwait(false);
        }
        catch (RolledBackException e) when (e.Return is { } refused)
        {
            return refused;
        }
        catch (RolledBackException)
        {
            // The receiver's wallet could not give the amount back: the return is stored as FAIL, nothing moved.
            try
            {
                return await database.WriteAsync((c, ct) => ReturnAsync(c, command, returnId, fingerprint, nowMs,
                    true, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (RolledBackException again) when (again.Return is { } refused)
            {
                return refused;
            }
        }
    }

    /// <summary>
    /// The sandbox reset of a merchant's profit sharing (SqlSandboxStore.ResetMerchantAsync): its open lines fail with
    /// their amount released back to FUNDING available (so the frozen part holds no deleted line), then its returns,
    /// lines, splits and receivers are deleted. Journals stay, as the ledger is append-only.
    /// </summary>
    internal static async Task ResetMerchantAsync(DbConnection c, long merchantId, long nowMs, CancellationToken ct)
    {
        await c.ExecuteAsync("UPDATE split_orders SET status = status WHERE merchant_id = @m", ct, ("@m", merchantId))
            .ConfigureAwait(false);
        var failed = await c.QueryAsync(
            $"""
            UPDATE split_lines SET status = {Line(SplitLineStatus.Fail)}, fail_reason = @reason,
                finished_at_ms = @now, lease_until_ms = 0, lease_token = NULL
            WHERE merchant_id = @m AND status = {Processing}
            RETURNING detail_id, split_id, amount_units
            """, r => (Detail: r.GetInt64(0), Split: r.GetInt64(1), Units: r.GetInt64(2)), ct, ("@m", merchantId),
            ("@reason", SandboxReset), ("@now", nowMs)).ConfigureAwait(false);
        foreach (var (detail, split, units) in failed.OrderBy(f => f.Detail))
        {
            var currency = (await c.QuerySingleAsync("SELECT currency FROM split_orders WHERE split_id = @s",
                r => r.GetString(0), ct, ("@s", split)).ConfigureAwait(false))!;
            var posted = await LedgerSql.PostAsync(c, SplitJournals.Release(merchantId, detail, currency, units), null,
                nowMs, null, ct).ConfigureAwait(false);
            if (posted != PostOutcome.Posted)
            {
                throw new LedgerRefusedException(posted);
            }
        }

        foreach (var table in (string[])["split_returns", "split_lines", "split_orders", "split_receivers"])
        {
            await c.ExecuteAsync($"DELETE FROM {table} WHERE merchant_id = @m", ct, ("@m", merchantId))
                .ConfigureAwait(false);
        }
    }

    private static async Task<SplitSubmitResult> SubmitAsync(DbConnection c, SplitOrder split,
        IReadOnlyList<SplitLine> lines, Journal reserve, CancellationToken ct)
    {
        // The row first: a concurrent submit with the same merchantRequestId waits for ours (PostgreSQL) or runs
        // after it (SQLite), then finds it and answers it as a replay.
        var inserted = await c.ExecuteAsync(
            $"""
            INSERT INTO split_orders ({SplitColumns})
            VALUES (@id, @m, @r, @p, @f, @c, @units, @status, @at, NULL)
            ON CONFLICT DO NOTHING
            """, ct, ("@id", split.SplitId), ("@m", split.MerchantId), ("@r", split.MerchantRequestId),
            ("@p", split.PrepayId), ("@f", split.Fingerprint), ("@c", split.Currency), ("@units", split.TotalUnits),
            ("@status", split.Status), ("@at", split.CreatedAtMs)).ConfigureAwait(false);
        if (inserted != 1)
        {
            var existing = await c.QuerySingleAsync(
                $"SELECT {SplitColumns} FROM split_orders WHERE merchant_id = @m AND merchant_request_id = @r",
                MapSplit, ct, ("@m", split.MerchantId), ("@r", split.MerchantRequestId)).ConfigureAwait(false);
            return existing is not null
                ? new SplitSubmitResult(SplitSubmitOutcome.Existing, existing)
                : new SplitSubmitResult(SplitSubmitOutcome.IdCollision);
        }

        foreach (var account in lines.Select(l => l.Account).Distinct(StringComparer.Ordinal))
        {
            if (await c.ScalarLongAsync("SELECT 1 FROM split_receivers WHERE merchant_id = @m AND account = @a", ct,
                    ("@m", split.MerchantId), ("@a", account)).ConfigureAwait(false) is null)
            {
                throw new RolledBackException(new SplitSubmitResult(SplitSubmitOutcome.ReceiverNotRegistered,
                    Account: account));
            }
        }

        // The database decides: never past the net amount, whatever else is splitting the order at the same time.
        var raised = await c.ExecuteAsync(
            $"""
            UPDATE orders SET split_units = split_units + @t
            WHERE prepay_id = @p AND merchant_id = @m AND status = {Paid} AND profit_sharing = 1
              AND split_units + @t <= amount_units - commission_units
            """, ct, ("@t", split.TotalUnits), ("@p", split.PrepayId), ("@m", split.MerchantId)).ConfigureAwait(false);
        if (raised != 1)
        {
            var remaining = await c.ScalarLongAsync(
                $"""
                SELECT amount_units - commission_units - split_units FROM orders
                WHERE prepay_id = @p AND merchant_id = @m AND status = {Paid} AND profit_sharing = 1
                """, ct, ("@p", split.PrepayId), ("@m", split.MerchantId)).ConfigureAwait(false);
            throw new RolledBackException(remaining is { } left
                ? new SplitSubmitResult(SplitSubmitOutcome.OverSplit, RemainingUnits: left)
                : new SplitSubmitResult(SplitSubmitOutcome.OrderNotSplittable));
        }

        if (await LedgerSql.PostAsync(c, reserve, null, split.CreatedAtMs, null, ct).ConfigureAwait(false)
            != PostOutcome.Posted)
        {
            throw new RolledBackException(new SplitSubmitResult(SplitSubmitOutcome.InsufficientFunds));
        }

        foreach (var line in lines)
        {
            if (await c.ExecuteAsync(
                    """
                    INSERT INTO split_lines (detail_id, split_id, merchant_id, seq, account, amount_units, description,
                        webhook_url, status)
                    VALUES (@id, @s, @m, @seq, @a, @u, @d, @url, @status)
                    ON CONFLICT DO NOTHING
                    """, ct, ("@id", line.DetailId), ("@s", line.SplitId), ("@m", line.MerchantId),
                    ("@seq", (long)line.Seq), ("@a", line.Account), ("@u", line.AmountUnits),
                    ("@d", line.Description), ("@url", line.WebhookUrl), ("@status", line.Status))
                    .ConfigureAwait(false) != 1)
            {
                throw new RolledBackException(new SplitSubmitResult(SplitSubmitOutcome.IdCollision));
            }
        }

        return new SplitSubmitResult(SplitSubmitOutcome.Accepted, split);
    }

    private static async Task<bool> SettleAsync(DbConnection c, long detailId, string? leaseToken, long nowMs,
        Func<SplitSettling, (bool Pay, string? FailReason)> decide, CancellationToken ct)
    {
        var splitId = await c.ScalarLongAsync("SELECT split_id FROM split_lines WHERE detail_id = @d", ct,
            ("@d", detailId)).ConfigureAwait(false);
        if (splitId is null)
        {
            return false;
        }

        // Lock the split row (see the class comment), then read what the rule needs as it now stands.
        await c.ExecuteAsync("UPDATE split_orders SET status = status WHERE split_id = @s", ct, ("@s", splitId))
            .ConfigureAwait(false);
        var split = await c.QuerySingleAsync($"SELECT {SplitColumns} FROM split_orders WHERE split_id = @s",
            MapSplit, ct, ("@s", splitId)).ConfigureAwait(false);
        var line = await c.QuerySingleAsync($"SELECT {LineColumns} FROM split_lines WHERE detail_id = @d", MapLine,
            ct, ("@d", detailId)).ConfigureAwait(false);
        if (split is null || line is null)
        {
            return false;
        }

        // A merchant receiver counts only while it is active and still accepts splits.
        var receiver = await c.QuerySingleAsync(
            $"""
            SELECT b.buyer_id, b.payouts_frozen, m.merchant_id FROM split_receivers r
            LEFT JOIN buyers b ON b.buyer_id = r.buyer_id
            LEFT JOIN merchants m ON m.merchant_id = r.receiver_merchant_id AND m.accepts_splits = 1
                AND m.status = '{Merchant.Active}'
            WHERE r.merchant_id = @m AND r.account = @a
            """, r => new Receiver(r.NullableLong(0), r.NullableLong(1) == 1, r.NullableLong(2)), ct,
            ("@m", line.MerchantId), ("@a", line.Account)).ConfigureAwait(false);
        var (pay, reason) = decide(new SplitSettling(split, line, receiver?.BuyerId, receiver?.Frozen == true,
            receiver?.MerchantId));
        var (what, to) = pay
            ? (SplitLineEvent.Pay, SplitLineStatus.Success)
            : (SplitLineEvent.Reject, SplitLineStatus.Fail);

        // The line's edge decides every race (two processors, a processor and a sandbox reset).
        var moved = await c.ExecuteAsync(
            $"""
            UPDATE split_lines SET status = {Line(to)}, payee_buyer_id = @buyer, payee_merchant_id = @payee,
                fail_reason = @reason, finished_at_ms = @now, lease_until_ms = 0, lease_token = NULL
            WHERE detail_id = @d AND status IN ({LifecycleSql.Sources(SplitLifecycle.Line, what, to)})
              AND (CAST(@token AS TEXT) IS NULL OR lease_token = @token)
            """, ct, ("@d", detailId), ("@buyer", pay ? receiver!.BuyerId : null),
            ("@payee", pay && receiver!.BuyerId is null ? receiver.MerchantId : null), ("@reason", reason),
            ("@now", nowMs), ("@token", leaseToken)).ConfigureAwait(false);
        if (moved != 1)
        {
            return false;
        }

        var journal = (pay, receiver?.BuyerId) switch
        {
            (false, _) => SplitJournals.Release(line.MerchantId, detailId, split.Currency, line.AmountUnits),
            (true, { } buyerId) => SplitJournals.Pay(line.MerchantId, detailId, split.Currency, line.AmountUnits,
                buyerId),
            (true, null) => SplitJournals.PayMerchant(line.MerchantId, detailId, split.Currency, line.AmountUnits,
                receiver!.MerchantId!.Value),
        };
        var posted = await LedgerSql.PostAsync(c, journal, null, nowMs, null, ct).ConfigureAwait(false);
        if (posted != PostOutcome.Posted)
        {
            throw new LedgerRefusedException(posted);
        }

        if (!pay)
        {
            // A failed line gives its share of the order back (the order may be gone after a sandbox reset).
            await c.ExecuteAsync("UPDATE orders SET split_units = split_units - @u WHERE prepay_id = @p", ct,
                ("@u", line.AmountUnits), ("@p", split.PrepayId)).ConfigureAwait(false);
        }

        await c.ExecuteAsync(
            $"""
            UPDATE split_orders SET status = {Split(SplitStatus.Processing)}
            WHERE split_id = @s AND status IN ({LifecycleSql.Sources(SplitLifecycle.Split, SplitEvent.Start,
                SplitStatus.Processing)})
            """, ct, ("@s", splitId)).ConfigureAwait(false);
        await c.ExecuteAsync(
            $"""
            UPDATE split_orders SET status = {Split(SplitStatus.Finished)}, finished_at_ms = @now
            WHERE split_id = @s AND status IN ({LifecycleSql.Sources(SplitLifecycle.Split, SplitEvent.Finish,
                SplitStatus.Finished)})
              AND NOT EXISTS (SELECT 1 FROM split_lines WHERE split_id = @s AND status = {Processing})
            """, ct, ("@s", splitId), ("@now", nowMs)).ConfigureAwait(false);
        return true;
    }

    private static async Task<SplitReturnResult> ReturnAsync(DbConnection c, SplitReturnCommand command,
        long returnId, string fingerprint, long nowMs, bool fail, CancellationToken ct)
    {
        var split = await c.QuerySingleAsync(
            $"""
            SELECT {SplitColumns} FROM split_orders
            WHERE merchant_id = @m AND prepay_id = @p AND (CAST(@sid AS BIGINT) IS NULL OR split_id = @sid)
              AND (CAST(@rid AS TEXT) IS NULL OR merchant_request_id = @rid)
            """, MapSplit, ct, ("@m", command.MerchantId), ("@p", command.PrepayId), ("@sid", command.SplitId),
            ("@rid", command.MerchantRequestId)).ConfigureAwait(false);
        if (split is null)
        {
            return new SplitReturnResult(SplitReturnOutcome.SplitNotFound);
        }

        var line = await c.QuerySingleAsync(
            $"SELECT {LineColumns} FROM split_lines WHERE split_id = @s AND account = @a AND status = {Success}",
            MapLine, ct, ("@s", split.SplitId), ("@a", command.TransferOutAccount)).ConfigureAwait(false);
        if (line is null)
        {
            return new SplitReturnResult(SplitReturnOutcome.NotAReceiver);
        }

        var inserted = await c.ExecuteAsync(
            $"""
            INSERT INTO split_returns (return_id, merchant_id, merchant_return_no, prepay_id, split_id, detail_id,
                fingerprint, transfer_out_account, amount_units, description, webhook_url, status, created_at_ms)
            VALUES (@id, @m, @no, @p, @s, @d, @f, @a, @u, @desc, @url, {Processing}, @now)
            ON CONFLICT DO NOTHING
            """, ct, ("@id", returnId), ("@m", command.MerchantId), ("@no", command.MerchantReturnNo),
            ("@p", command.PrepayId), ("@s", split.SplitId), ("@d", line.DetailId), ("@f", fingerprint),
            ("@a", command.TransferOutAccount), ("@u", command.AmountUnits), ("@desc", command.Description),
            ("@url", command.WebhookUrl), ("@now", nowMs)).ConfigureAwait(false);
        if (inserted != 1)
        {
            return new SplitReturnResult(await FindReturnAsync(c, command.MerchantId, command.MerchantReturnNo, ct)
                .ConfigureAwait(false) is null ? SplitReturnOutcome.IdCollision : SplitReturnOutcome.Existing);
        }

        var (what, to) = (SplitLineEvent.Pay, SplitLineStatus.Success);
        if (fail)
        {
            (what, to) = (SplitLineEvent.Reject, SplitLineStatus.Fail);
        }
        else
        {
            // What the receiver still holds of the line bounds the return: the database decides concurrent returns.
            if (await c.ExecuteAsync(
                    $"""
                    UPDATE split_lines SET returned_units = returned_units + @u
                    WHERE detail_id = @d AND status = {Success} AND returned_units + @u <= amount_units
                    """, ct, ("@u", command.AmountUnits), ("@d", line.DetailId)).ConfigureAwait(false) != 1)
            {
                throw new RolledBackException(new SplitReturnResult(SplitReturnOutcome.TooMuch,
                    RemainingUnits: line.AmountUnits - line.ReturnedUnits));
            }

            var takeBack = line.PayeeBuyerId is { } payeeBuyerId
                ? SplitJournals.TakeBack(command.MerchantId, returnId, split.Currency, command.AmountUnits,
                    payeeBuyerId)
                : SplitJournals.TakeBackFromMerchant(command.MerchantId, returnId, split.Currency,
                    command.AmountUnits, line.PayeeMerchantId!.Value);
            if (await LedgerSql.PostAsync(c, takeBack, null, nowMs, null, ct).ConfigureAwait(false)
                != PostOutcome.Posted)
            {
                throw new RolledBackException();
            }

            await c.ExecuteAsync("UPDATE orders SET split_units = split_units - @u WHERE prepay_id = @p", ct,
                ("@u", command.AmountUnits), ("@p", split.PrepayId)).ConfigureAwait(false);
        }

        await c.ExecuteAsync(
            $"""
            UPDATE split_returns SET status = {Line(to)}, fail_reason = @reason, finished_at_ms = @now
            WHERE return_id = @id AND status IN ({LifecycleSql.Sources(SplitLifecycle.Line, what, to)})
            """, ct, ("@id", returnId), ("@reason", fail ? ReceiverBalanceTooLow : null), ("@now", nowMs))
            .ConfigureAwait(false);
        return new SplitReturnResult(SplitReturnOutcome.Done,
            await FindReturnAsync(c, command.MerchantId, command.MerchantReturnNo, ct).ConfigureAwait(false));
    }

    private static Task<SplitReturn?> FindReturnAsync(DbConnection c, long merchantId, string merchantReturnNo,
        CancellationToken ct) => c.QuerySingleAsync(
        $"""
        SELECT {ReturnColumns} FROM split_returns r JOIN split_orders s ON s.split_id = r.split_id
        WHERE r.merchant_id = @m AND r.merchant_return_no = @no
        """, MapReturn, ct, ("@m", merchantId), ("@no", merchantReturnNo));

    private static SplitOrder MapSplit(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2),
        r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetString(7), r.GetInt64(8),
        r.NullableLong(9));

    private static SplitLine MapLine(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2),
        (int)r.GetInt64(3), r.GetString(4), r.GetInt64(5), r.GetString(6), r.NullableString(7), r.GetString(8),
        r.NullableLong(9), r.NullableString(10), r.GetInt64(11), r.NullableLong(12), r.NullableLong(13));

    private static SplitReturn MapReturn(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2),
        r.GetInt64(3), r.GetInt64(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetInt64(8),
        r.NullableString(9), r.NullableString(10), r.GetString(11), r.NullableString(12), r.GetInt64(13),
        r.NullableLong(14));

    private static string Line(SplitLineStatus status) => LifecycleSql.Literal(SplitLifecycle.Line, status);

    private static string Split(SplitStatus status) => LifecycleSql.Literal(SplitLifecycle.Split, status);

    private sealed record Receiver(long? BuyerId, bool Frozen, long? MerchantId);

    /// <summary>Accounts below this are merchantIds (Ids.NewMerchantId: 9 digits); buyers' Binance IDs are above.</summary>
    private const long MerchantAccountLimit = 1_000_000_000;

    /// <summary>Thrown inside a write to roll it back with the answer to give.</summary>
    private sealed class RolledBackException : Exception
    {
        public RolledBackException()
            : base("split write rolled back")
        {
        }

        public RolledBackException(SplitSubmitResult submit)
            : base("split write rolled back") => Submit = submit;

        public RolledBackException(SplitReturnResult refused)
            : base("split write rolled back") => Return = refused;

        public SplitSubmitResult? Submit { get; }

        public SplitReturnResult? Return { get; }
    }
}
