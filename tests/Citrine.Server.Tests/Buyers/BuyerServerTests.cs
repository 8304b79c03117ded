using System.Globalization;
using System.Net;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Testing;

namespace Citrine.Server.Tests.Buyers;

/// <summary>Buyer behaviour that needs a server of its own: the default payer among several merchants' buyers, and
/// pages without any pay-as or sign-as form when <c>Citrine:Sandbox=false</c>.</summary>
public abstract class BuyerServerTests(Store store)
{
    [Fact]
    public async Task Without_a_buyerId_pay_picks_the_oldest_buyer_the_merchant_may_use()
    {
        await using var server = await TestServer.StartAsync(store);
        var first = server.Signed(await server.CreateMerchantAsync());
        var second = server.Signed(await server.CreateMerchantAsync());
        var funds = new { USDT = "100" };
        var oldest = (await first.PostAsync("/sandbox/buyers", new { name = "First's", funds })).Data
            .GetProperty("buyerId").GetInt64();
        var secondsOwn = (await second.PostAsync("/sandbox/buyers", new { name = "Second's", funds })).Data
            .GetProperty("buyerId").GetInt64();

        var prepayId = await second.CreateOrderAsync();
        var paid = await second.PostAsync("/sandbox/orders/pay",
            new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture) });
        paid.Code.ShouldBe("000000", paid.ToString());
        (await server.BuyerBalancesAsync(secondsOwn))["USDT"].ShouldNotBe("100.00000000");
        (await server.BuyerBalancesAsync(oldest))["USDT"].ShouldBe("100.00000000");

        // A merchant with no usable buyer: none to pick, as on an empty server.
        var third = server.Signed(await server.CreateMerchantAsync());
        var none = await third.PostAsync("/sandbox/orders/pay",
            new { prepayId = (await third.CreateOrderAsync()).ToString(CultureInfo.InvariantCulture) });
        none.Code.ShouldBe("409002", none.ToString());
        none.ErrorMessage.ShouldBe("buyerId: no sandbox buyer exists yet; create one");
    }

    [Fact]
    public async Task Without_the_sandbox_the_pages_show_no_form_and_their_posts_move_nothing()
    {
        await using var server = await TestServer.StartAsync(store, o => o.Sandbox = false);
        var merchant = await server.NewDirectDebitMerchantAsync();
        var buyerId = await server.CreateBuyerAsync("Would-be payer", new() { ["USDT"] = "100" });
        var buyer = buyerId.ToString(CultureInfo.InvariantCulture);
        var order = await merchant.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        var checkoutUrl = new Uri(order.Data.GetProperty("checkoutUrl").GetString()!);
        var contractCode = ContractBodies.NewCode();
        var contract = await merchant.CreateContractAsync(ContractBodies.OneOff(contractCode));
        var contractUrl = new Uri(contract.GetProperty("qrContent").GetString()!);

        foreach (var (url, form) in new[] { (checkoutUrl, "/pay"), (contractUrl, "/sign") })
        {
            var html = await server.Http.GetStringAsync(url.PathAndQuery);
            html.ShouldNotContain("<form", Case.Insensitive, url.ToString());
            html.ShouldNotContain("Would-be payer");
            html.ShouldContain("qr.png");

            using var post = await server.Http.PostAsync(url.AbsolutePath + form,
                new FormUrlEncodedContent([new("buyerId", buyer), new("payCurrency", "USDT")]));
            post.StatusCode.ShouldBe(HttpStatusCode.NotFound, url.ToString());
            (await post.Content.ReadAsStringAsync()).ShouldContain("<html", Case.Insensitive);
        }

        var prepayId = order.Data.GetProperty("prepayId").GetString();
        (await merchant.PostAsync("/binancepay/openapi/v2/order/query", new { prepayId })).Data
            .GetProperty("status").GetString().ShouldBe("INITIAL");
        (await merchant.QueryByCodeAsync(contractCode)).Data.GetProperty("bizStatus").GetString()
            .ShouldBe("INITIAL");
        (await server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("100.00000000");
        (await server.OutboxAsync(merchant.Merchant.MerchantId)).ShouldBeEmpty();
    }
}

public sealed class SqliteBuyerServerTests() : BuyerServerTests(Store.Sqlite);

public sealed class PostgresBuyerServerTests() : BuyerServerTests(Store.Postgres);
