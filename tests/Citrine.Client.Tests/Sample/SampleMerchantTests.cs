using System.Globalization;
using System.Net;
using System.Text.Json;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Client.Sandbox;
using Citrine.Client.Tests.Live;
using Citrine.Contracts.Orders;
using Citrine.Sample.Merchant;
using Citrine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.Sample;

/// <summary>
/// The sample shop, unmodified and wired as it ships (its own <c>AddCitrineClient</c> and verifier), against a live
/// Citrine: create → redirect to Citrine's checkout → order page; then either a funded sandbox buyer pays →
/// Citrine delivers the signed <c>PAY_SUCCESS</c> webhook and the shop shows the order paid, or the buyer cancels →
/// the shop closes the order → Citrine delivers <c>PAY_CLOSED</c> and the shop shows it closed. The shop verifies
/// each webhook with the certificate it fetches from Citrine.
/// </summary>
public abstract class SampleMerchantTests(ServerFixture fixture)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_shop_creates_an_order_and_shows_it_paid_after_Citrine_delivers_PAY_SUCCESS()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var shop = await StartShopAsync(merchant);
        var shopUri = ShopUri(shop);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = shopUri };
        var buyerId = await fixture.Server.CreateBuyerAsync("Alice",
            new Dictionary<string, object> { ["USDT"] = "1000" });

        var (tradeNo, prepayId) = await BuyAndSeeCheckoutAsync(shop, browser);
        var paid = await fixture.ClientFor(merchant).Sandbox.PayOrderAsync(new SandboxPayRequest
        {
            PrepayId = prepayId,
            BuyerId = buyerId.ToString(CultureInfo.InvariantCulture),
        }, Ct);

        paid.ValueKind.ShouldBe(JsonValueKind.Object);
        var page = await WaitForPageAsync(browser, $"/orders/{tradeNo}", "id=\"paid\"");
        page.ShouldContain("<span id=\"status\">PAID</span>");
        page.ShouldContain("Paid: 4.99000000 USDT (verified webhook)");
        page.ShouldNotContain("/cancel\"");
        (await fixture.Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("995.01000000");
        // Citrine's side: one PAY_SUCCESS attempt, to the URL the shop gave for itself, answered as documented.
        var eventView = await DeliveryLog.LatestEventAsync(fixture.Server, merchant.MerchantId);
        eventView.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        eventView.GetProperty("bizStatus").GetString().ShouldBe("PAY_SUCCESS");
        var detail = await DeliveryLog.WaitForStateAsync(fixture.Server, DeliveryLog.EventId(eventView), "DELIVERED");
        var attempt = DeliveryLog.Attempts(detail).ShouldHaveSingleItem();
        attempt.GetProperty("destination").GetString().ShouldBe(new Uri(shopUri, "/webhooks/binance-pay").ToString());
        attempt.GetProperty("responseExcerpt").GetString().ShouldBe("""{"returnCode":"SUCCESS","returnMessage":null}""");
    }

    [Fact]
    public async Task The_shop_creates_an_order_and_shows_it_closed_after_Citrine_delivers_PAY_CLOSED()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var shop = await StartShopAsync(merchant);
        var shopUri = ShopUri(shop);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = shopUri };

        var (tradeNo, prepayId) = await BuyAndSeeCheckoutAsync(shop, browser);

        using var cancel = await browser.PostAsync($"/orders/{tradeNo}/cancel", null, Ct);

        cancel.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        cancel.Headers.Location!.ToString().ShouldBe($"/orders/{tradeNo}");
        var closed = await WaitForPageAsync(browser, $"/orders/{tradeNo}", "id=\"closed\"");
        closed.ShouldContain("<span id=\"status\">CANCELED</span>");
        closed.ShouldContain("Closed: cancelled or expired, nothing was paid (verified webhook)");
        closed.ShouldNotContain("/cancel\"");
        // Citrine's side: one PAY_CLOSED attempt, to the URL the shop gave for itself, answered with the documented reply.
        var eventView = await DeliveryLog.LatestEventAsync(fixture.Server, merchant.MerchantId);
        eventView.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        eventView.GetProperty("bizStatus").GetString().ShouldBe("PAY_CLOSED");
        var detail = await DeliveryLog.WaitForStateAsync(fixture.Server, DeliveryLog.EventId(eventView), "DELIVERED");
        var attempt = DeliveryLog.Attempts(detail).ShouldHaveSingleItem();
        attempt.GetProperty("destination").GetString().ShouldBe(new Uri(shopUri, "/webhooks/binance-pay").ToString());
        attempt.GetProperty("responseExcerpt").GetString().ShouldBe("""{"returnCode":"SUCCESS","returnMessage":null}""");
    }

    [Fact]
    public async Task The_shop_settles_a_duplicated_PAY_SUCCESS_once()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var shop = await StartShopAsync(merchant);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = ShopUri(shop),
        };
        var buyerId = await fixture.Server.CreateBuyerAsync("Bob", new Dictionary<string, object> { ["USDT"] = "100" });
        var client = fixture.ClientFor(merchant);
        await client.Sandbox.ArmFaultAsync(new SandboxFaultRequest { Kind = SandboxFaultKinds.Duplicate }, Ct);

        var (tradeNo, prepayId) = await BuyAndSeeCheckoutAsync(shop, browser);
        await client.Sandbox.PayOrderAsync(new SandboxPayRequest
        {
            PrepayId = prepayId,
            BuyerId = buyerId.ToString(CultureInfo.InvariantCulture),
        }, Ct);

        var orders = shop.Services.GetRequiredService<ShopOrders>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (orders.Notifications < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        orders.Notifications.ShouldBe(2, "Citrine sent the PAY_SUCCESS twice");
        orders.FindOutcome(tradeNo)!.BizStatus.ShouldBe("PAY_SUCCESS");
        var page = await WaitForPageAsync(browser, $"/orders/{tradeNo}", "id=\"paid\"");
        page.ShouldContain("Paid: 4.99000000 USDT (verified webhook)");
        (await fixture.Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("95.01000000");
        (await client.Sandbox.ListFaultsAsync(Ct))[0].GetProperty("remaining").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_shop_does_not_cancel_an_order_it_did_not_create()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var shop = MerchantApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--BinancePay:BaseUri={fixture.Server.BaseUri}",
            $"--BinancePay:ApiKey={merchant.ApiKey}",
            $"--BinancePay:ApiSecret={merchant.ApiSecret}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await shop.StartAsync(Ct);
        var shopUri = new Uri(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First());
        var client = fixture.ClientFor(merchant);
        var request = Requests.V2();
        await client.Orders.CreateAsync(request, Ct);
        using var browser = new HttpClient { BaseAddress = shopUri };

        using var cancel = await browser.PostAsync($"/orders/{request.MerchantTradeNo}/cancel", null, Ct);

        cancel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct)).Status
            .ShouldBe(OrderStatusNames.Initial);
    }

    /// <summary>The shop as it ships, on a loopback port, talking to this Citrine as <paramref name="merchant"/>.</summary>
    private async Task<WebApplication> StartShopAsync(TestMerchant merchant)
    {
        var shop = MerchantApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--BinancePay:BaseUri={fixture.Server.BaseUri}",
            $"--BinancePay:ApiKey={merchant.ApiKey}",
            $"--BinancePay:ApiSecret={merchant.ApiSecret}",
            "--Shop:PublicBaseUrl=",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await shop.StartAsync(Ct);
        return shop;
    }

    private static Uri ShopUri(WebApplication shop) =>
        new(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Buys at the shop, follows its redirect to Citrine's hosted checkout page for the new order, and
    /// checks the shop's order page waits for the webhook; returns the order's (merchantTradeNo, prepayId).</summary>
    private async Task<(string TradeNo, string PrepayId)> BuyAndSeeCheckoutAsync(WebApplication shop,
        HttpClient browser)
    {
        using var buy = await browser.PostAsync("/buy", null, Ct);

        buy.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        buy.Headers.Location!.ToString().ShouldStartWith(new Uri(fixture.Server.BaseUri, "/checkout/").ToString());
        var (tradeNo, prepayId) = shop.Services.GetRequiredService<ShopOrders>().Created.Single();
        using var checkoutBrowser = new HttpClient();
        using var checkout = await checkoutBrowser.GetAsync(buy.Headers.Location, Ct);
        checkout.StatusCode.ShouldBe(HttpStatusCode.OK);
        checkout.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var checkoutPage = await checkout.Content.ReadAsStringAsync(Ct);
        checkoutPage.ShouldContain("Citrine checkout</title>");
        checkoutPage.ShouldContain("<h1>Ice Cream</h1>");
        checkoutPage.ShouldContain($"<dd>{tradeNo}</dd>");
        checkoutPage.ShouldContain("<dd id=\"status\" data-status=\"INITIAL\">INITIAL</dd>");
        var waiting = await browser.GetStringAsync($"/orders/{tradeNo}", Ct);
        waiting.ShouldContain("<span id=\"status\">INITIAL</span>");
        waiting.ShouldContain("Waiting for the payment webhook");
        waiting.ShouldContain($"action=\"/orders/{tradeNo}/cancel\"");
        return (tradeNo, prepayId);
    }

    private async Task<string> WaitForPageAsync(HttpClient browser, string path, string marker)
    {
        var deadline = DateTime.UtcNow + DeliveryLog.Patience;
        while (true)
        {
            var page = await browser.GetStringAsync(path, Ct);
            if (page.Contains(marker, StringComparison.Ordinal))
            {
                return page;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{path} never showed {marker}: {page}");
            await Task.Delay(50, Ct);
        }
    }
}

public sealed class SqliteSampleMerchantTests(SqliteServer fixture) : SampleMerchantTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresSampleMerchantTests(PostgresServer fixture) : SampleMerchantTests(fixture), IClassFixture<PostgresServer>;
