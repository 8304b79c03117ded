using System.Globalization;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// A merchant sees only its own orders: another merchant's order is answered exactly as an order that does not
/// exist, so its existence does not leak (issue 2, "answers exactly as for an unknown order").
/// </summary>
public abstract class MerchantIsolationTests(OrderServer fixture)
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData(OrderApi.QueryV1)]
    [InlineData(OrderApi.QueryV2)]
    [InlineData(OrderApi.Close)]
    public async Task Merchant_A_gets_for_B_s_order_exactly_the_answer_for_an_unknown_order(string path)
    {
        var a = Server.Signed(await Server.CreateMerchantAsync("Shop A"));
        var b = Server.Signed(await Server.CreateMerchantAsync("Shop B"));
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await b.CreateV2OrderAsync(tradeNo);

        var byTradeNo = await a.PostAsync(path, new Dictionary<string, object?> { ["merchantTradeNo"] = tradeNo });
        var byPrepayId = await a.PostAsync(path, new Dictionary<string, object?> { ["prepayId"] = prepayId });
        var unknownTradeNo = await a.PostAsync(path,
            new Dictionary<string, object?> { ["merchantTradeNo"] = Orders.NewTradeNo() });
        var otherPrepayId = OrderApi.Invariant(long.Parse(prepayId, CultureInfo.InvariantCulture) + 1);
        var unknownPrepayId = await a.PostAsync(path, new Dictionary<string, object?> { ["prepayId"] = otherPrepayId });

        byTradeNo.Code.ShouldBe("400202", byTradeNo.ToString());
        byTradeNo.HttpStatus.ShouldBe(unknownTradeNo.HttpStatus);
        byTradeNo.Body.ShouldBe(unknownTradeNo.Body);
        byPrepayId.HttpStatus.ShouldBe(unknownPrepayId.HttpStatus);
        byPrepayId.Body.ShouldBe(unknownPrepayId.Body);
        byPrepayId.Body.ShouldBe(byTradeNo.Body);

        // And B's order is untouched.
        (await b.StatusAsync(tradeNo)).ShouldBe("INITIAL");
        (await Server.OutboxCountAsync(prepayId)).ShouldBe(0);
    }

    [Fact]
    public async Task Two_merchants_may_use_the_same_merchantTradeNo_and_each_sees_its_own_order()
    {
        var a = Server.Signed(await Server.CreateMerchantAsync("Shop A"));
        var b = Server.Signed(await Server.CreateMerchantAsync("Shop B"));
        var tradeNo = Orders.NewTradeNo();
        var prepayA = await a.CreateV2OrderAsync(tradeNo);
        var prepayB = await b.CreateV2OrderAsync(tradeNo, body => body["orderAmount"] = 1m);
        prepayA.ShouldNotBe(prepayB);

        (await a.QueryByTradeNoAsync(tradeNo)).Data.GetProperty("prepayId").GetString().ShouldBe(prepayA);
        (await b.QueryByTradeNoAsync(tradeNo)).Data.GetProperty("orderAmount").GetString().ShouldBe("1");
        (await a.CloseByTradeNoAsync(tradeNo)).Code.ShouldBe("000000");
        (await b.StatusAsync(tradeNo)).ShouldBe("INITIAL");
    }
}

public sealed class SqliteMerchantIsolationTests(SqliteOrderServer fixture)
    : MerchantIsolationTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresMerchantIsolationTests(PostgresOrderServer fixture)
    : MerchantIsolationTests(fixture), IClassFixture<PostgresOrderServer>;
