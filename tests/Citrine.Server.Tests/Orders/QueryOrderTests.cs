using System.Net;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>Query Order v1 and v2 (docs/api-reference.md#query-order): field shapes and how an order is
/// named.</summary>
public abstract class QueryOrderTests(OrderServer fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task V2_query_answers_orderAmount_as_a_string_and_no_v1_fields()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var tradeNo = Orders.NewTradeNo();
        var before = OrderApi.NowMs();
        var prepayId = await client.CreateV2OrderAsync(tradeNo, b => b["passThroughInfo"] = "order 42 of shop 7");
        var after = OrderApi.NowMs();

        var answer = await client.QueryByTradeNoAsync(tradeNo);
        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
        answer.Status.ShouldBe("SUCCESS");
        var data = answer.Data;
        OrderApi.Keys(data).ShouldBe(["createTime", "currency", "merchantId", "merchantTradeNo", "orderAmount",
            "passThroughInfo", "prepayId", "status"]);
        data.Kind("merchantId").ShouldBe(JsonValueKind.Number);
        data.GetProperty("merchantId").GetInt64().ShouldBe(merchant.MerchantId);
        data.Kind("prepayId").ShouldBe(JsonValueKind.String);
        data.GetProperty("prepayId").GetString().ShouldBe(prepayId);
        data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNo);
        data.GetProperty("status").GetString().ShouldBe("INITIAL");
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.Kind("orderAmount").ShouldBe(JsonValueKind.String);
        data.GetProperty("orderAmount").GetString().ShouldBe("25.17");
        data.GetProperty("passThroughInfo").GetString().ShouldBe("order 42 of shop 7");
        data.Kind("createTime").ShouldBe(JsonValueKind.Number);
        data.GetProperty("createTime").GetInt64().ShouldBeInRange(before, after);
    }

    [Fact]
    public async Task V1_query_answers_tradeType_totalFee_productName_and_productDetail()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var tradeNo = Orders.NewTradeNo();
        var created = await client.PostAsync(OrderApi.CreateV1, Orders.V1(merchant.MerchantId, tradeNo));
        created.Code.ShouldBe("000000", created.ToString());

        var answer = await client.QueryByTradeNoAsync(tradeNo, OrderApi.QueryV1);
        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        OrderApi.Keys(data).ShouldBe(["createTime", "currency", "merchantId", "merchantTradeNo", "prepayId", "productDetail",
            "productName", "status", "totalFee", "tradeType"]);
        data.GetProperty("merchantId").GetInt64().ShouldBe(merchant.MerchantId);
        data.GetProperty("prepayId").GetString().ShouldBe(created.Data.GetProperty("prepayId").GetString());
        data.GetProperty("tradeType").GetString().ShouldBe("APP");
        data.GetProperty("status").GetString().ShouldBe("INITIAL");
        data.GetProperty("currency").GetString().ShouldBe("EUR");
        data.Kind("totalFee").ShouldBe(JsonValueKind.Number);
        data.GetProperty("totalFee").GetDecimal().ShouldBe(25.17m);
        data.GetProperty("productName").GetString().ShouldBe("Ice Cream");
        data.GetProperty("productDetail").GetString().ShouldBe("Greentea ice cream cone");
        data.Kind("createTime").ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task V1_query_of_a_v2_order_reports_its_terminal_as_tradeType_and_its_goods_as_product()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        await client.CreateV2OrderAsync(tradeNo);
        var data = (await client.QueryByTradeNoAsync(tradeNo, OrderApi.QueryV1)).Data;
        data.GetProperty("tradeType").GetString().ShouldBe("WEB");
        data.GetProperty("productName").GetString().ShouldBe("Ice Cream");
        data.GetProperty("totalFee").GetDecimal().ShouldBe(25.17m);
    }

    [Theory]
    [InlineData(OrderApi.QueryV1)]
    [InlineData(OrderApi.QueryV2)]
    public async Task An_order_is_found_by_prepayId_and_by_merchantTradeNo(string path)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);

        var byPrepayId = await client.QueryByPrepayIdAsync(prepayId, path);
        var byTradeNo = await client.QueryByTradeNoAsync(tradeNo, path);
        byPrepayId.Code.ShouldBe("000000", byPrepayId.ToString());
        byPrepayId.Data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNo);
        byTradeNo.Data.GetProperty("prepayId").GetString().ShouldBe(prepayId);
        byTradeNo.Data.ToString().ShouldBe(byPrepayId.Data.ToString());
    }

    [Fact]
    public async Task A_prepayId_sent_as_a_JSON_number_finds_the_order()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);
        var answer = await client.PostRawAsync(OrderApi.QueryV2, "{\"prepayId\":" + prepayId + "}");
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNo);
    }

    [Fact]
    public async Task When_both_are_given_prepayId_wins_over_merchantTradeNo()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNoA = Orders.NewTradeNo();
        var tradeNoB = Orders.NewTradeNo();
        var prepayIdA = await client.CreateV2OrderAsync(tradeNoA);
        await client.CreateV2OrderAsync(tradeNoB);

        var both = await client.PostAsync(OrderApi.QueryV2,
            new Dictionary<string, object?> { ["merchantTradeNo"] = tradeNoB, ["prepayId"] = prepayIdA });
        both.Data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNoA);

        // The merchantTradeNo is ignored entirely: an unknown prepayId is not found even though tradeNoB exists.
        var unknown = await client.PostAsync(OrderApi.QueryV2,
            new Dictionary<string, object?> { ["merchantTradeNo"] = tradeNoB, ["prepayId"] = "123456789012345678" });
        unknown.Code.ShouldBe("400202", unknown.ToString());
    }

    [Fact]
    public async Task The_seed_sample_with_an_explicit_null_prepayId_queries_by_merchantTradeNo()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);
        var answer = await client.PostRawAsync(OrderApi.QueryV2,
            "{  \"merchantTradeNo\": \"" + tradeNo + "\",  \"prepayId\": null}");
        answer.Data.GetProperty("prepayId").GetString().ShouldBe(prepayId);
    }

    [Theory]
    [InlineData(OrderApi.QueryV1)]
    [InlineData(OrderApi.QueryV2)]
    public async Task An_unknown_order_gives_400202(string path)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var byTradeNo = await client.QueryByTradeNoAsync(Orders.NewTradeNo(), path);
        var byPrepayId = await client.QueryByPrepayIdAsync("123456789012345678", path);
        var byLetters = await client.QueryByPrepayIdAsync("abcdef", path);
        foreach (var answer in new[] { byTradeNo, byPrepayId, byLetters })
        {
            answer.Code.ShouldBe("400202", answer.ToString());
            answer.Status.ShouldBe("FAIL");
            answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
            answer.Data.ValueKind.ShouldBe(JsonValueKind.Null);
        }
    }
}

public sealed class SqliteQueryOrderTests(SqliteOrderServer fixture)
    : QueryOrderTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresQueryOrderTests(PostgresOrderServer fixture)
    : QueryOrderTests(fixture), IClassFixture<PostgresOrderServer>;
