using System.Net;
using System.Security.Cryptography;
using System.Text;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Client.Tests.TestData;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;
using Citrine.Sample.Merchant;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.Sample;

/// <summary>
/// The sample shop against a live Citrine: create → redirect to Citrine's checkout → order page; then a signed
/// PAY_SUCCESS webhook through the ASP.NET Core helper marks it paid. The buyer's payment and Citrine's own webhook
/// delivery need the payments branch (sandbox pay, /certificates): until it merges, the webhook is signed here with
/// the published test key and the shop's verifier is given that certificate.
/// </summary>
public abstract class SampleMerchantTests(ServerFixture fixture)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_shop_creates_an_order_redirects_to_checkout_and_shows_it_paid_after_a_verified_webhook()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        await using var shop = MerchantApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--BinancePay:BaseUri={fixture.Server.BaseUri}",
            $"--BinancePay:ApiKey={merchant.ApiKey}",
            $"--BinancePay:ApiSecret={merchant.ApiSecret}",
            "--Shop:PublicBaseUrl=http://127.0.0.1:5080",
            "--Logging:LogLevel:Default=Warning",
        ], builder => builder.Services.AddSingleton(new WebhookVerifier([
            new CertificateResult { CertSerial = BinancePayRsKeyPair.CertSerial, CertPublic = BinancePayRsKeyPair.PublicKeyPem },
        ])));
        await shop.StartAsync(Ct);
        var shopUri = new Uri(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First());
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = shopUri };

        using var buy = await browser.PostAsync("/buy", null, Ct);

        buy.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        buy.Headers.Location!.ToString().ShouldStartWith(new Uri(fixture.Server.BaseUri, "/checkout/").ToString());
        var (tradeNo, prepayId) = shop.Services.GetRequiredService<ShopOrders>().Created.Single();
        using var checkout = await new HttpClient().GetAsync(buy.Headers.Location, Ct);
        checkout.StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);

        var waiting = await browser.GetStringAsync($"/orders/{tradeNo}", Ct);
        waiting.ShouldContain("<span id=\"status\">INITIAL</span>");
        waiting.ShouldContain("Waiting for the payment webhook");

        var answer = await DeliverPaySuccessAsync(browser, tradeNo, prepayId);
        answer.ShouldBe("""{"returnCode":"SUCCESS","returnMessage":null}""");

        var paid = await browser.GetStringAsync($"/orders/{tradeNo}", Ct);
        paid.ShouldContain("Paid: 4.99000000 USDT (verified webhook)");
    }

    private async Task<string> DeliverPaySuccessAsync(HttpClient shop, string tradeNo, string prepayId)
    {
        var data = $$"""{"merchantTradeNo":"{{tradeNo}}","productType":"01","productName":"Ice Cream","transactTime":1700000000000,"tradeType":"WEB","totalFee":4.99000000,"currency":"USDT","commission":0}""";
        var body = $$"""{"bizType":"PAY","data":{{System.Text.Json.JsonSerializer.Serialize(data)}},"bizId":{{prepayId}},"bizIdStr":"{{prepayId}}","bizStatus":"PAY_SUCCESS"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(BinancePayRsKeyPair.PrivateKeyPem);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/binance-pay")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(BinancePayHeaders.Timestamp, timestamp);
        request.Headers.Add(BinancePayHeaders.Nonce, nonce);
        request.Headers.Add(BinancePayHeaders.Signature, WebhookSignature.Sign(rsa, timestamp, nonce, Encoding.UTF8.GetBytes(body)));
        request.Headers.Add(BinancePayHeaders.CertificateSn, BinancePayRsKeyPair.CertSerial);
        using var response = await shop.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}

public sealed class SqliteSampleMerchantTests(SqliteServer fixture) : SampleMerchantTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresSampleMerchantTests(PostgresServer fixture) : SampleMerchantTests(fixture), IClassFixture<PostgresServer>;
