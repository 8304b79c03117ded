using System.Data.Common;
using Citrine.Application.Otc;
using Citrine.Domain.Otc;
using Citrine.Domain.Ledger;

namespace Citrine.Storage;

/// <summary>Convert quotes and trade orders (migration 0017): a quote is claimed by one conditional update, so
/// concurrent executions of it make one trade and one journal whatever the database.</summary>
public sealed class SqlConvertStore(Database database) : IConvertStore
{
    private const string QuoteColumns =
        "quote_id, merchant_id, wallet, from_asset, to_asset, from_units, to_units, ratio_units, inverse_units, " +
        "created_at_ms, expire_at_ms, order_id";

    private const string TradeColumns =
        "order_id, merchant_id, quote_id, wallet, from_asset, to_asset, from_units, to_units, ratio_units, " +
        "inverse_units, status, create_time_ms";

    private static readonly string Initial = LifecycleSql.Literal(ConvertLifecycle.Trade, ConvertLifecycle.Initial);

    private static readonly string Settled =
        LifecycleSql.Literal(ConvertLifecycle.Trade, ConvertLifecycle.Trade.Target(ConvertTradeEvent.Settle));

    private static readonly string SettleSources = LifecycleSql.Sources(ConvertLifecycle.Trade,
        ConvertTradeEvent.Settle, ConvertLifecycle.Trade.Target(ConvertTradeEvent.Settle));

    public Task InsertQuoteAsync(ConvertQuote quote, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ExecuteAsync(
            $"""
            INSERT INTO convert_quotes ({QuoteColumns})
            VALUES (@q, @m, @w, @fa, @ta, @fu, @tu, @r, @i, @c, @e, NULL)
            """, ct, ("@q", quote.QuoteId), ("@m", quote.MerchantId), ("@w", quote.Wallet), ("@fa", quote.FromAsset),
            ("@ta", quote.ToAsset), ("@fu", quote.FromUnits), ("@tu", quote.ToUnits), ("@r", quote.RatioUnits),
            ("@i", quote.InverseUnits), ("@c", quote.CreatedAtMs), ("@e", quote.ExpireAtMs)), cancellationToken);

    public async Task<ConvertExecution> ExecuteAsync(long merchantId, string quoteId, string orderId,
        long createTimeMs, long serverNowMs, Func<ConvertTrade, Journal> journal, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                // The claim: on PostgreSQL a concurrent execution waits on this row and then finds order_id set; on
                // SQLite the single writer runs them one after the other. Expiry is judged here, by the merchant's
                // offset as the database holds it (MerchantClockSql).
                var claimed = await c.ExecuteAsync(
                    $"""
                    UPDATE convert_quotes SET order_id = @o
                    WHERE quote_id = @q AND merchant_id = @m AND order_id IS NULL
                      AND NOT {MerchantClockSql.Reached("convert_quotes.expire_at_ms", "convert_quotes.merchant_id")}
                    """, ct, ("@o", orderId), ("@q", quoteId), ("@m", merchantId), ("@now", serverNowMs))
                    .ConfigureAwait(false);
                var quote = await c.QuerySingleAsync(
                    $"SELECT {QuoteColumns} FROM convert_quotes WHERE quote_id = @q AND merchant_id = @m",
                    MapQuote, ct, ("@q", quoteId), ("@m", merchantId)).ConfigureAwait(false);
                if (claimed != 1 || quote is null)
                {
                    return quote is null ? new ConvertExecution(null, ConvertRefusal.NotFound)
                        : quote.OrderId is { } existing
                            ? new ConvertExecution(null, ConvertRefusal.Executed, existing)
                            : new ConvertExecution(null, ConvertRefusal.Expired);
                }

                var trade = new ConvertTrade(orderId, merchantId, quoteId, quote.Wallet, quote.FromAsset,
                    quote.ToAsset, quote.FromUnits, quote.ToUnits, quote.RatioUnits, quote.InverseUnits,
                    ConvertLifecycle.Initial.WireName(), createTimeMs);
                await c.ExecuteAsync(
                    $"""
                    INSERT INTO convert_trades ({TradeColumns})
                    VALUES (@o, @m, @q, @w, @fa, @ta, @fu, @tu, @r, @i, {Initial}, @t)
                    """, ct, ("@o", orderId), ("@m", merchantId), ("@q", quoteId), ("@w", trade.Wallet),
                    ("@fa", trade.FromAsset), ("@ta", trade.ToAsset), ("@fu", trade.FromUnits),
                    ("@tu", trade.ToUnits), ("@r", trade.RatioUnits), ("@i", trade.InverseUnits),
                    ("@t", createTimeMs)).ConfigureAwait(false);
                var posted = await LedgerSql.PostAsync(c, journal(trade), null, serverNowMs, null, ct)
                    .ConfigureAwait(false);
                return posted == PostOutcome.Posted
                    ? new ConvertExecution(trade, ConvertRefusal.None)
                    : throw new LedgerRefusedException(posted); // rolls back the claim too: the quote stays open
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException)
        {
            return new ConvertExecution(null, ConvertRefusal.InsufficientFunds);
        }
    }

    public Task<bool> SettleAsync(string orderId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            $"UPDATE convert_trades SET status = {Settled} WHERE order_id = @o AND status IN ({SettleSources})", ct,
            ("@o", orderId)).ConfigureAwait(false) == 1, cancellationToken);

    public Task<ConvertTrade?> FindTradeAsync(long merchantId, string orderId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {TradeColumns} FROM convert_trades WHERE order_id = @o AND merchant_id = @m", MapTrade, ct,
            ("@o", orderId), ("@m", merchantId)), cancellationToken);

    private static ConvertQuote MapQuote(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetString(2),
        r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9),
        r.GetInt64(10), r.NullableString(11));

    private static ConvertTrade MapTrade(DbDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetString(2),
        r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9),
        r.GetString(10), r.GetInt64(11));
}
