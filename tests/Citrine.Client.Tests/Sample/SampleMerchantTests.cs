using System.Net;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Client.Tests.Live;
using Citrine.Contracts.Orders;
using Citrine.Sample.Merchant;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.Sample;

/// <summary>
/// The sample shop, unmodified and wired as it ships (its own <c>AddCitrineClient</c> and verifier), against a live
/// Citrine: create → redirect to Citrine's checkout → order page; the buyer cancels → the shop closes the order →
/// Citrine delivers the signed <c>PAY_CLOSED</c> webhook to the running shop, which verifies it with the certificate
/// it fetches from Citrine and shows the order closed.
/// </summary>
/// <remarks>
/// FOLLOW-UP(payments): the paid path (the buyer pays through Citrine's sandbox, Citrine delivers
/// <c>PAY_SUCCESS</c>, the shop shows "Paid: 4.99000000 USDT") needs the sandbox pay helper
/// (<c>POST /sandbox/orders/pay</c>, <c>client.Sandbox.PayOrderAsync</c>) from the payments branch, which is not on
/// main yet, nor is the hosted checkout page the shop redirects to. Add the paid path here, mirroring the close test,
/// once it lands; until then it is not tested end to end.
/// </remarks>
public abstract class SampleMerchantTests(ServerFixture fixture)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_shop_creates_an_order_and_shows_it_closed_after_Citrine_delivers_PAY_CLOSED()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var shop = MerchantApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--BinancePay:BaseUri={fixture.Server.BaseUri}",
            $"--BinancePay:ApiKey={merchant.ApiKey}",
            $"--BinancePay:ApiSecret={merchant.ApiSecret}",
            "--Shop:PublicBaseUrl=",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await shop.StartAsync(Ct);
        var shopUri = new Uri(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First());
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = shopUri };

        using var buy = await browser.PostAsync("/buy", null, Ct);

        buy.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        buy.Headers.Location!.ToString().ShouldStartWith(new Uri(fixture.Server.BaseUri, "/checkout/").ToString());
        var (tradeNo, prepayId) = shop.Services.GetRequiredService<ShopOrders>().Created.Single();
        using var checkout = await new HttpClient().GetAsync(buy.Headers.Location, Ct);
        // FOLLOW-UP(payments): the hosted checkout page also comes with the payments branch; then this is 200.
        checkout.StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
        var waiting = await browser.GetStringAsync($"/orders/{tradeNo}", Ct);
        waiting.ShouldContain("<span id=\"status\">INITIAL</span>");
        waiting.ShouldContain("Waiting for the payment webhook");
        waiting.ShouldContain($"action=\"/orders/{tradeNo}/cancel\"");

        using var cancel = await browser.PostAsync($"/orders/{tradeNo}/cancel", null, Ct);

        cancel.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        cancel.Headers.Location!.ToString().ShouldBe($"/orders/{tradeNo}");
        var closed = await WaitForPageAsync(browser, $"/orders/{tradeNo}", "id=\"closed\"");
        closed.ShouldContain("<span id=\"status\">CANCELED</span>");
        closed.ShouldContain("Closed: cancelled or expired, nothing was paid (verified webhook)");
        closed.ShouldNotContain("/cancel\"");
        // Citrine's side: one attempt, to the URL the shop gave for itself, answered with the documented reply.
        var eventView = await DeliveryLog.LatestEventAsync(fixture.Server, merchant.MerchantId);
        eventView.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        var detail = await DeliveryLog.WaitForStateAsync(fixture.Server, DeliveryLog.EventId(eventView), "DELIVERED");
        var attempt = DeliveryLog.Attempts(detail).ShouldHaveSingleItem();
        attempt.GetProperty("destination").GetString().ShouldBe(new Uri(shopUri, "/webhooks/binance-pay").ToString());
        attempt.GetProperty("responseExcerpt").GetString().ShouldBe("""{"returnCode":"SUCCESS","returnMessage":null}""");
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
