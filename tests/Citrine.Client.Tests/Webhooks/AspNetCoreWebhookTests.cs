using System.Net;
using System.Text;
using System.Text.Json;
using Citrine.Client.Tests.TestData;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;
using Citrine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.Webhooks;

/// <summary><c>MapBinancePayWebhook</c> in a real Kestrel app: verified, refused, and failing handlers.</summary>
public sealed class AspNetCoreWebhookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(LoopbackApp App, List<WebhookEvent> Received)> StartReceiverAsync(bool handlerThrows = false)
    {
        var received = new List<WebhookEvent>();
        var app = await LoopbackApp.StartAsync(
            a => a.MapBinancePayWebhook("/webhook", (WebhookEvent e, CancellationToken ct) =>
            {
                lock (received)
                {
                    received.Add(e);
                }

                return handlerThrows ? throw new InvalidOperationException("database down") : Task.CompletedTask;
            }),
            services => services.AddSingleton(new WebhookVerifier([
                new CertificateResult { CertSerial = BinancePayRsKeyPair.CertSerial, CertPublic = BinancePayRsKeyPair.PublicKeyPem },
            ])));
        return (app, received);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(Uri baseUri, string body, string signature)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(BinancePayHeaders.Timestamp, WebhookVectors.Timestamp);
        request.Headers.Add(BinancePayHeaders.Nonce, WebhookVectors.Nonce);
        request.Headers.Add(BinancePayHeaders.Signature, signature);
        request.Headers.Add(BinancePayHeaders.CertificateSn, BinancePayRsKeyPair.CertSerial);
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_signed_webhook_reaches_the_handler_and_is_answered_SUCCESS()
    {
        var (app, received) = await StartReceiverAsync();
        await using (app)
        {
            var (status, body) = await PostAsync(app.BaseUri, WebhookVectors.W2Body, WebhookVectors.W2Signature);

            status.ShouldBe(HttpStatusCode.OK);
            body.ShouldBe("""{"returnCode":"SUCCESS","returnMessage":null}""");
            received.Single().BizId.ShouldBe("29383937493038367292");
            received.Single().Pay!.MerchantTradeNo.ShouldBe("9825382937292");
        }
    }

    [Fact]
    public async Task A_tampered_webhook_is_answered_400_FAIL_and_the_handler_does_not_run()
    {
        var (app, received) = await StartReceiverAsync();
        await using (app)
        {
            var tampered = WebhookVectors.W2Body.Replace("PAY_SUCCESS", "PAY_CLOSED", StringComparison.Ordinal);
            var (status, body) = await PostAsync(app.BaseUri, tampered, WebhookVectors.W2Signature);

            status.ShouldBe(HttpStatusCode.BadRequest);
            JsonDocument.Parse(body).RootElement.GetProperty("returnCode").GetString().ShouldBe("FAIL");
            received.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_handler_that_throws_is_answered_500_FAIL_so_Binance_retries()
    {
        var (app, received) = await StartReceiverAsync(handlerThrows: true);
        await using (app)
        {
            var (status, body) = await PostAsync(app.BaseUri, WebhookVectors.W2Body, WebhookVectors.W2Signature);

            status.ShouldBe(HttpStatusCode.InternalServerError);
            JsonDocument.Parse(body).RootElement.GetProperty("returnCode").GetString().ShouldBe("FAIL");
            received.Count.ShouldBe(1);
        }
    }
}
