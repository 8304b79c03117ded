using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// Races are decided by the database (docs/decisions.md#duplicate-merchanttradeno, issue 2): a unique constraint for
/// merchantTradeNo and one conditional update for close, so exactly one request wins however many arrive together.
/// </summary>
public abstract class ConcurrencyTests(OrderServer fixture)
{
    private const int Creates = 200;
    private const int Closes = 100;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Concurrent_creates_with_one_merchantTradeNo_make_exactly_one_order()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var tradeNo = Orders.NewTradeNo();
        var bodies = Enumerable.Range(0, Creates)
            .Select(i => JsonSerializer.Serialize(Orders.V2(tradeNo, amount: 1m + i))).ToList();

        var answers = await Task.WhenAll(bodies.Select(body => client.PostRawAsync(OrderApi.CreateV2, body)));

        answers.ShouldAllBe(a => (int)a.HttpStatus != 500);
        answers.Count(a => a.Code == "000000").ShouldBe(1, Summary(answers));
        answers.Count(a => a.Code == "400201").ShouldBe(Creates - 1, Summary(answers));
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM orders WHERE merchant_id = @m AND merchant_trade_no = @t",
            ("@m", merchant.MerchantId), ("@t", tradeNo))).ShouldBe(1);
        (await Server.OrderCountAsync(merchant.MerchantId)).ShouldBe(1);

        // The stored order is the winner's.
        var winner = answers.Single(a => a.Code == "000000");
        var query = await client.QueryByTradeNoAsync(tradeNo);
        query.Data.GetProperty("prepayId").GetString().ShouldBe(winner.Data.GetProperty("prepayId").GetString());
    }

    [Fact]
    public async Task Concurrent_closes_of_one_order_give_one_success_and_one_outbox_row()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);

        var answers = await Task.WhenAll(Enumerable.Range(0, Closes).Select(i => i % 2 == 0
            ? client.CloseByTradeNoAsync(tradeNo)
            : client.CloseByPrepayIdAsync(prepayId)));

        answers.ShouldAllBe(a => (int)a.HttpStatus != 500);
        answers.Count(a => a.Code == "000000" && a.Data.ValueKind == JsonValueKind.True).ShouldBe(1, Summary(answers));
        answers.Count(a => a.Code == "400204").ShouldBe(Closes - 1, Summary(answers));
        (await Server.OutboxCountAsync(prepayId)).ShouldBe(1);
        (await client.StatusAsync(tradeNo)).ShouldBe("CANCELED");
    }

    private static string Summary(Answer[] answers) => string.Join(", ",
        answers.GroupBy(a => a.Code).Select(g => $"{g.Key}×{g.Count()}: {g.First().ErrorMessage}"));
}

public sealed class SqliteConcurrencyTests(SqliteOrderServer fixture)
    : ConcurrencyTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresConcurrencyTests(PostgresOrderServer fixture)
    : ConcurrencyTests(fixture), IClassFixture<PostgresOrderServer>;
