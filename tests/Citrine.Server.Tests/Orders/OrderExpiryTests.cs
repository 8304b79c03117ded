using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>Orders expire at their orderExpireTime (docs/api-reference.md#create-order-v2: default and maximum 1 hour;
/// docs/decisions.md#order-expire-time).</summary>
public abstract class OrderExpiryTests(OrderServer fixture)
{
    // Long enough that a create on a busy machine still lands before the expiry time it asks for.
    private const long LifetimeMs = 2_500;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task An_order_past_its_orderExpireTime_is_EXPIRED_and_close_then_gives_400204()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var expireMs = OrderApi.NowMs() + LifetimeMs;
        var prepayId = await client.CreateV2OrderAsync(tradeNo, b => b["orderExpireTime"] = expireMs);
        (await client.StatusAsync(tradeNo)).ShouldBe("INITIAL");

        await WaitUntilAsync(expireMs + 100);
        (await client.StatusAsync(tradeNo)).ShouldBe("EXPIRED");
        (await client.QueryByPrepayIdAsync(prepayId, OrderApi.QueryV1)).Data.GetProperty("status").GetString()
            .ShouldBe("EXPIRED");

        var close = await client.CloseByTradeNoAsync(tradeNo);
        close.Code.ShouldBe("400204", close.ToString());
        close.ErrorMessage.ShouldBe("order is EXPIRED: not applicable to close, it is already closed");
        (await client.StatusAsync(tradeNo)).ShouldBe("EXPIRED");

        // Expiry is announced once, as PAY_CLOSED, whether the sweeper or the query got there first.
        (await Server.OutboxCountAsync(prepayId)).ShouldBe(1);
    }

    [Fact]
    public async Task Closing_an_order_that_expired_unseen_gives_400204_not_CANCELED()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var expireMs = OrderApi.NowMs() + LifetimeMs;
        await client.CreateV2OrderAsync(tradeNo, b => b["orderExpireTime"] = expireMs);

        await WaitUntilAsync(expireMs + 100);
        var close = await client.CloseByTradeNoAsync(tradeNo);
        close.Code.ShouldBe("400204", close.ToString());
        (await client.StatusAsync(tradeNo)).ShouldBe("EXPIRED");
    }

    private static async Task WaitUntilAsync(long unixMs)
    {
        var wait = unixMs - OrderApi.NowMs();
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait));
        }
    }
}

public sealed class SqliteOrderExpiryTests(SqliteOrderServer fixture)
    : OrderExpiryTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresOrderExpiryTests(PostgresOrderServer fixture)
    : OrderExpiryTests(fixture), IClassFixture<PostgresOrderServer>;
