using System.Data.Common;
using Citrine.Application;
using Citrine.Application.Orders;
using Citrine.Application.Webhooks;
using Citrine.Domain.Orders;

namespace Citrine.Storage;

/// <summary>
/// Orders. Transitions are conditional updates whose source and target statuses come from
/// <see cref="OrderLifecycle.Table"/>; the winner writes its outbox event in the same transaction.
/// </summary>
public sealed class SqlOrderStore(Database database) : IOrderStore
{
    private static readonly string CloseSql =
        $"""
        UPDATE orders SET status = {Target(OrderEvent.Close)}, transact_time_ms = @now
        WHERE prepay_id = @p AND status IN ({Sources(OrderEvent.Close)}) AND expire_time_ms > @now
        """;

    private static readonly string ExpireSql =
        $"""
        UPDATE orders SET status = {Target(OrderEvent.Expire)}, transact_time_ms = @now
        WHERE prepay_id = @p AND status IN ({Sources(OrderEvent.Expire)}) AND expire_time_ms <= @now
        """;

    private static readonly string OverdueSql =
        $"""
        SELECT {Columns} FROM orders WHERE status IN ({Sources(OrderEvent.Expire)})
          AND {MerchantClockSql.Reached("expire_time_ms", "orders.merchant_id")}
          AND {SqlBackgroundFailureStore.NotHeld(BackgroundRetry.OrderExpiry, "orders.prepay_id")}
        ORDER BY expire_time_ms LIMIT @limit
        """;

    internal const string Columns =
        """
        prepay_id, merchant_id, sub_merchant_id, merchant_trade_no, api_version, status, currency, amount_units,
        terminal_type, product_type, product_name, product_detail, return_url, cancel_url, webhook_url,
        pass_through_info, support_pay_currency, fiat_currency, fiat_amount_units, checkout_code, expire_time_ms,
        create_time_ms, transact_time_ms, transaction_id, open_user_id, payer_id, payment_info_json, commission_units,
        refunded_units, profit_sharing, split_units
        """;

    public Task<bool> TryInsertAsync(Order order, CancellationToken cancellationToken) =>
        Insert(order, cancellationToken);

    // One statement, so a write of its own: on PostgreSQL one round trip (Database.WriteStatementAsync).
    private async Task<bool> Insert(Order o, CancellationToken cancellationToken) =>
        await database.WriteStatementAsync(
            $"""
            INSERT INTO orders ({Columns}) VALUES (@prepay, @merchant, @sub, @tradeNo, @version, @status, @currency,
                @amount, @terminal, @ptype, @pname, @pdetail, @return, @cancel, @webhook, @pass, @spc, @fiatc, @fiata,
                @code, @expire, @create, NULL, NULL, NULL, NULL, NULL, 0, 0, @ps, 0)
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("@prepay", o.PrepayId), ("@merchant", o.MerchantId), ("@sub", o.SubMerchantId),
            ("@tradeNo", o.MerchantTradeNo), ("@version", (long)o.ApiVersion), ("@status", o.Status.WireName()),
            ("@currency", o.Currency), ("@amount", o.AmountUnits), ("@terminal", o.TerminalType),
            ("@ptype", o.ProductType), ("@pname", o.ProductName), ("@pdetail", o.ProductDetail),
            ("@return", o.ReturnUrl), ("@cancel", o.CancelUrl), ("@webhook", o.WebhookUrl),
            ("@pass", o.PassThroughInfo), ("@spc", o.SupportPayCurrency), ("@fiatc", o.FiatCurrency),
            ("@fiata", o.FiatAmountUnits), ("@code", o.CheckoutCode), ("@expire", o.ExpireTimeMs),
            ("@create", o.CreateTimeMs), ("@ps", o.ProfitSharing ? 1L : 0L)).ConfigureAwait(false) == 1;

    public Task<bool> MerchantTradeNoExistsAsync(long merchantId, string merchantTradeNo,
        CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => await c.ScalarLongAsync(
            "SELECT 1 FROM orders WHERE merchant_id = @m AND merchant_trade_no = @t", ct, ("@m", merchantId),
            ("@t", merchantTradeNo)).ConfigureAwait(false) is not null, cancellationToken);

    public Task<Order?> FindAsync(long merchantId, long? prepayId, string? merchantTradeNo,
        CancellationToken cancellationToken) =>
        prepayId is { } id
            ? database.ReadAsync((c, ct) => c.QuerySingleAsync(
                $"SELECT {Columns} FROM orders WHERE prepay_id = @p AND merchant_id = @m", Map, ct, ("@p", id),
                ("@m", merchantId)), cancellationToken)
            : database.ReadAsync((c, ct) => c.QuerySingleAsync(
                $"SELECT {Columns} FROM orders WHERE merchant_trade_no = @t AND merchant_id = @m", Map, ct,
                ("@t", merchantTradeNo), ("@m", merchantId)), cancellationToken);

    public Task<Order?> FindByCheckoutCodeAsync(string checkoutCode, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {Columns} FROM orders WHERE checkout_code = @code", Map, ct, ("@code", checkoutCode)),
            cancellationToken);

    public Task<Order?> GetAsync(long prepayId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => GetAsync(c, prepayId, ct), cancellationToken);

    public Task<bool> TryCloseAsync(long prepayId, long nowMs, OutboxEvent closedEvent,
        CancellationToken cancellationToken) =>
        TransitionAsync(CloseSql, prepayId, nowMs, closedEvent, cancellationToken);

    public Task<bool> TryExpireAsync(long prepayId, long nowMs, OutboxEvent expiredEvent,
        CancellationToken cancellationToken) =>
        TransitionAsync(ExpireSql, prepayId, nowMs, expiredEvent, cancellationToken);

    public async Task<IReadOnlyList<Order>> ListOverdueAsync(long nowMs, int limit, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(OverdueSql, Map, ct, ("@now", nowMs),
            ("@limit", (long)limit)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Order>> ListAsync(OrderListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Each filter adds a constant fragment; every value is a parameter. LOWER on both sides makes the match
        // case-insensitive alike on SQLite (whose LIKE already is, for ASCII) and PostgreSQL (whose LIKE is not).
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("@limit", (long)query.Limit), ("@offset", (long)query.Offset) };
        if (query.MerchantId is { } merchantId)
        {
            where.Add("merchant_id = @m");
            parameters.Add(("@m", merchantId));
        }

        if (query.Status is { } status)
        {
            where.Add("status = @status");
            parameters.Add(("@status", status.WireName()));
        }

        if (!string.IsNullOrEmpty(query.TradeNoContains))
        {
            where.Add("""LOWER(merchant_trade_no) LIKE @pattern ESCAPE '\'""");
            parameters.Add(("@pattern", "%" + EscapeLike(query.TradeNoContains.ToLowerInvariant()) + "%"));
        }

        if (query.CreatedFromMs is { } fromMs)
        {
            where.Add("create_time_ms >= @from");
            parameters.Add(("@from", fromMs));
        }

        if (query.CreatedBeforeMs is { } beforeMs)
        {
            where.Add("create_time_ms < @before");
            parameters.Add(("@before", beforeMs));
        }

        var sql = $"SELECT {Columns} FROM orders"
                  + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                  + " ORDER BY create_time_ms DESC, prepay_id DESC LIMIT @limit OFFSET @offset";
        return await database.ReadAsync((c, ct) => c.QueryAsync(sql, Map, ct, [.. parameters]), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PostedJournal>> ListJournalsAsync(long merchantId, long prepayId,
        CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync((c, ct) => c.QueryAsync(
            """
            SELECT j.journal_id, j.kind, j.reference, j.created_at_ms, p.account, p.asset, p.units
            FROM journals j
            JOIN orders o ON o.prepay_id = j.order_id AND o.merchant_id = @m
            JOIN postings p ON p.journal_id = j.journal_id
            WHERE j.order_id = @p
            ORDER BY j.journal_id, p.posting_id
            """, r => (Id: r.GetInt64(0), Kind: r.GetString(1), Reference: r.GetString(2), At: r.GetInt64(3),
                Posting: new Domain.Ledger.Posting(r.GetString(4), r.GetString(5), r.GetInt64(6))), ct,
            ("@m", merchantId), ("@p", prepayId)), cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Id)
            .Select(g => new PostedJournal(g.Key, g.First().Kind, g.First().Reference, g.First().At,
                g.Select(r => r.Posting).ToList()))
            .ToList();
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>The quoted target status of an order event whose target does not depend on data.</summary>
    internal static string Target(OrderEvent orderEvent) =>
        LifecycleSql.Literal(OrderLifecycle.Table, OrderLifecycle.Table.Target(orderEvent));

    /// <summary>The quoted statuses <paramref name="orderEvent"/> may start from to reach its one target.</summary>
    internal static string Sources(OrderEvent orderEvent) =>
        LifecycleSql.Sources(OrderLifecycle.Table, orderEvent, OrderLifecycle.Table.Target(orderEvent));

    /// <summary>The quoted statuses from which <paramref name="orderEvent"/> may reach <paramref name="to"/>.</summary>
    internal static string Sources(OrderEvent orderEvent, OrderStatus to) =>
        LifecycleSql.Sources(OrderLifecycle.Table, orderEvent, to);

    internal static Task<Order?> GetAsync(DbConnection connection, long prepayId, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync($"SELECT {Columns} FROM orders WHERE prepay_id = @p", Map, cancellationToken,
            ("@p", prepayId));

    private Task<bool> TransitionAsync(string updateSql, long prepayId, long nowMs, OutboxEvent outboxEvent,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            if (await c.ExecuteAsync(updateSql, ct, ("@p", prepayId), ("@now", nowMs)).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await OutboxSql.InsertAsync(c, outboxEvent, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    internal static Order Map(DbDataReader r) => new()
    {
        PrepayId = r.GetInt64(0),
        MerchantId = r.GetInt64(1),
        SubMerchantId = r.NullableLong(2),
        MerchantTradeNo = r.GetString(3),
        ApiVersion = (int)r.GetInt64(4),
        Status = OrderLifecycle.ParseOrderStatus(r.GetString(5)),
        Currency = r.GetString(6),
        AmountUnits = r.GetInt64(7),
        TerminalType = r.GetString(8),
        ProductType = r.NullableString(9),
        ProductName = r.GetString(10),
        ProductDetail = r.NullableString(11),
        ReturnUrl = r.NullableString(12),
        CancelUrl = r.NullableString(13),
        WebhookUrl = r.NullableString(14),
        PassThroughInfo = r.NullableString(15),
        SupportPayCurrency = r.NullableString(16),
        FiatCurrency = r.NullableString(17),
        FiatAmountUnits = r.NullableLong(18),
        CheckoutCode = r.GetString(19),
        ExpireTimeMs = r.GetInt64(20),
        CreateTimeMs = r.GetInt64(21),
        TransactTimeMs = r.NullableLong(22),
        TransactionId = r.NullableString(23),
        OpenUserId = r.NullableString(24),
        PayerId = r.NullableLong(25),
        PaymentInfoJson = r.NullableString(26),
        CommissionUnits = r.GetInt64(27),
        RefundedUnits = r.GetInt64(28),
        ProfitSharing = r.GetInt64(29) == 1,
        SplitUnits = r.GetInt64(30),
    };
}
