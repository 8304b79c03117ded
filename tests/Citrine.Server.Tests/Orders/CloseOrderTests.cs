using System.Net;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>Close Order (seed 000): INITIAL → CANCELED, the PAY_CLOSED outbox row, and what a second close gets.</summary>
public abstract class CloseOrderTests(OrderServer fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Close_by_merchantTradeNo_answers_data_true_and_the_order_becomes_CANCELED()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);

        var before = OrderApi.NowMs();
        var answer = await client.CloseByTradeNoAsync(tradeNo);
        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
        answer.Status.ShouldBe("SUCCESS");
        answer.Code.ShouldBe("000000");
        answer.Data.ValueKind.ShouldBe(JsonValueKind.True);
        answer.Envelope.GetProperty("errorMessage").ValueKind.ShouldBe(JsonValueKind.Null);

        var v2 = await client.QueryByTradeNoAsync(tradeNo);
        v2.Data.GetProperty("status").GetString().ShouldBe("CANCELED");
        v2.Data.GetProperty("transactTime").GetInt64().ShouldBeGreaterThanOrEqualTo(before);
        var v1 = await client.QueryByPrepayIdAsync(prepayId, OrderApi.QueryV1);
        v1.Data.GetProperty("status").GetString().ShouldBe("CANCELED");
    }

    [Fact]
    public async Task Close_by_prepayId_works_and_writes_one_PAY_CLOSED_outbox_row()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);
        (await Server.OutboxCountAsync(prepayId)).ShouldBe(0);

        var answer = await client.CloseByPrepayIdAsync(prepayId);
        answer.Data.ValueKind.ShouldBe(JsonValueKind.True);
        (await client.StatusAsync(tradeNo)).ShouldBe("CANCELED");
        (await Server.OutboxCountAsync(prepayId)).ShouldBe(1);
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE biz_id = @p AND biz_type = 'PAY' AND biz_status = 'PAY_CLOSED'",
            ("@p", long.Parse(prepayId, System.Globalization.CultureInfo.InvariantCulture)))).ShouldBe(1);
    }

    [Fact]
    public async Task Closing_a_CANCELED_order_again_gives_400204_and_no_second_outbox_row()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var prepayId = await client.CreateV2OrderAsync(tradeNo);
        (await client.CloseByTradeNoAsync(tradeNo)).Code.ShouldBe("000000");

        var again = await client.CloseByPrepayIdAsync(prepayId);
        again.Code.ShouldBe("400204", again.ToString());
        again.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        again.Data.ValueKind.ShouldBe(JsonValueKind.Null);
        again.ErrorMessage.ShouldBe("order is CANCELED: not applicable to close, it is already closed");
        (await Server.OutboxCountAsync(prepayId)).ShouldBe(1);
        (await client.StatusAsync(tradeNo)).ShouldBe("CANCELED");
    }

    [Fact]
    public async Task Closing_an_unknown_order_gives_400202()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var byTradeNo = await client.CloseByTradeNoAsync(Orders.NewTradeNo());
        var byPrepayId = await client.CloseByPrepayIdAsync("123456789012345678");
        byTradeNo.Code.ShouldBe("400202", byTradeNo.ToString());
        byPrepayId.Code.ShouldBe("400202", byPrepayId.ToString());
        byTradeNo.ErrorMessage.ShouldBe("order not found");
    }

    [Fact]
    public async Task A_closed_order_keeps_its_merchantTradeNo_taken()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        await client.CreateV2OrderAsync(tradeNo);
        (await client.CloseByTradeNoAsync(tradeNo)).Code.ShouldBe("000000");
        var again = await client.PostAsync(OrderApi.CreateV2, Orders.V2(tradeNo));
        again.Code.ShouldBe("400201", again.ToString());
    }
}

public sealed class SqliteCloseOrderTests(SqliteOrderServer fixture)
    : CloseOrderTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresCloseOrderTests(PostgresOrderServer fixture)
    : CloseOrderTests(fixture), IClassFixture<PostgresOrderServer>;
