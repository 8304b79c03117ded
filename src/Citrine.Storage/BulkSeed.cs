using System.Globalization;
using System.Text;
using System.Text.Json;
using Citrine.Application;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Webhooks;

namespace Citrine.Storage;

/// <summary>
/// Bulk-loads historical orders for one merchant, so <c>citrine bench --seed N</c> can compare latency at 0 and at a
/// million stored orders (docs/performance.md). Each batch is two multi-row <c>INSERT</c>s in one write transaction,
/// on SQLite and PostgreSQL alike. The rows are what Close Order leaves behind for an order without a webhook URL:
/// the order <c>CANCELED</c> with its <c>transact_time_ms</c>, and its one <c>PAY_CLOSED</c> outbox event in state
/// <c>NO_DESTINATION</c> (the ledger auditor requires that event). They move no money.
/// </summary>
public static class BulkSeed
{
    /// <summary>Rows per statement: 5 (orders) and 4 (events) parameters a row stays far below SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    public const int BatchRows = 1000;

    private const long SpanMs = 30L * 24 * 60 * 60 * 1000;
    private const long ClosedAfterMs = 60_000;
    private const string ProductName = "Seeded order";

    /// <summary>The <c>merchantTradeNo</c> of seeded order <paramref name="index"/>.</summary>
    public static string TradeNo(long index) => "seed" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Inserts <paramref name="count"/> closed orders for <paramref name="merchantId"/>, with prepayIds
    /// <c>first … first + count − 1</c> and trade numbers <see cref="TradeNo"/>(0 … count − 1), created over the 30
    /// days before <paramref name="nowMs"/>. Returns the first prepayId.
    /// </summary>
    public static async Task<long> InsertClosedOrdersAsync(Database database, long merchantId, long count, long nowMs,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var firstCreateMs = nowMs - SpanMs;

        // Minted as for an order made 30 days ago, low bits cleared: time-ordered like real ids and below every id
        // minted now (Ids.NewPrepayId), so seeded rows never collide with live ones.
        var firstPrepayId = Ids.NewPrepayId(firstCreateMs) & ~((1L << 20) - 1);
        for (long done = 0; done < count; done += BatchRows)
        {
            var rows = (int)Math.Min(BatchRows, count - done);
            var (orders, events) = Statements(rows);
            var orderParameters = new (string, object?)[rows * 5 + 1];
            var eventParameters = new (string, object?)[rows * 4 + 1];
            orderParameters[0] = eventParameters[0] = ("@m", merchantId);
            for (var r = 0; r < rows; r++)
            {
                var index = done + r;
                var prepayId = firstPrepayId + index;
                var createMs = firstCreateMs + SpanMs * index / Math.Max(1, count);
                var amountUnits = (1 + index % 1000) * Amounts.UnitsPerCoin / 100;
                var n = r.ToString(CultureInfo.InvariantCulture);
                var o = r * 5 + 1;
                orderParameters[o] = ("@i" + n, prepayId);
                orderParameters[o + 1] = ("@t" + n, TradeNo(index));
                orderParameters[o + 2] = ("@a" + n, amountUnits);
                orderParameters[o + 3] = ("@k" + n, Ids.NewToken(32));
                orderParameters[o + 4] = ("@c" + n, createMs);
                var e = r * 4 + 1;
                eventParameters[e] = ("@i" + n, prepayId);
                eventParameters[e + 1] = ("@c" + n, createMs);
                eventParameters[e + 2] = ("@s" + n, "order:" + prepayId.ToString(CultureInfo.InvariantCulture));
                eventParameters[e + 3] = ("@d" + n, ClosedEventData(TradeNo(index), amountUnits, createMs + ClosedAfterMs));
            }

            await database.WriteAsync(async (c, ct) =>
            {
                await c.ExecuteAsync(orders, ct, orderParameters).ConfigureAwait(false);
                return await c.ExecuteAsync(events, ct, eventParameters).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            progress?.Report(done + rows);
        }

        return firstPrepayId;
    }

    /// <summary>The <c>PAY_CLOSED</c> data Close Order writes (OrderNotifications), for a seeded order.</summary>
    private static string ClosedEventData(string tradeNo, long amountUnits, long closedMs) =>
        JsonSerializer.Serialize(new OrderNotificationData
        {
            MerchantTradeNo = tradeNo,
            ProductName = ProductName,
            TransactTime = closedMs,
            TradeType = "WEB",
            TotalFee = Amounts.FromUnits(amountUnits),
            Currency = "USDT",
        }, WireJson.Options);

    private static (string Orders, string Events) Statements(int rows)
    {
        var orders = new StringBuilder(
            """
            INSERT INTO orders (prepay_id, merchant_id, merchant_trade_no, api_version, status, currency, amount_units,
                terminal_type, product_name, checkout_code, create_time_ms, expire_time_ms, transact_time_ms) VALUES
            """);
        var events = new StringBuilder(
            """
            INSERT INTO webhook_outbox (merchant_id, stream_key, biz_type, biz_id, biz_status, data_json, webhook_url,
                state, next_attempt_at_ms, created_at_ms) VALUES
            """);
        for (var r = 0; r < rows; r++)
        {
            var n = r.ToString(CultureInfo.InvariantCulture);
            var separator = r == 0 ? "\n" : ",\n";
            orders.Append(separator).Append(CultureInfo.InvariantCulture,
                $"(@i{n}, @m, @t{n}, 2, 'CANCELED', 'USDT', @a{n}, 'WEB', '{ProductName}', @k{n}, @c{n}, @c{n} + 3600000, @c{n} + {ClosedAfterMs})");
            events.Append(separator).Append(CultureInfo.InvariantCulture,
                $"(@m, @s{n}, 'PAY', @i{n}, 'PAY_CLOSED', @d{n}, NULL, 'NO_DESTINATION', @c{n} + {ClosedAfterMs}, @c{n} + {ClosedAfterMs})");
        }

        return (orders.ToString(), events.ToString());
    }
}
