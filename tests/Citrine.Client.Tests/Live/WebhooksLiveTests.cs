using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts.DirectDebit;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;
using Citrine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Citrine.Client.Tests.Live.DeliveryLog;

namespace Citrine.Client.Tests.Live;

/// <summary>
/// The SDK's webhook side against webhooks that Citrine really delivers: <c>client.Certificates</c> on the live
/// <c>/certificates</c>; <see cref="WebhookVerifier"/> on deliveries captured by a loopback receiver; the ASP.NET Core
/// helper hosted in a loopback Kestrel app, with Citrine's delivery log as the other side's record; key rotation; and
/// tampered bodies.
/// </summary>
public abstract class WebhooksLiveTests(ServerFixture fixture)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Certificates_GetAsync_returns_the_key_Citrine_signs_with()
    {
        var (client, _) = await fixture.NewClientAsync();

        var certificates = await client.Certificates.GetAsync(Ct);

        certificates.Select(c => (c.CertSerial, c.CertPublic)).ShouldBe(await CertificatesAsync(Server));
        var current = certificates[0];
        current.CertSerial.ShouldMatch("^[0-9A-F]{32}$");
        current.CertPublic.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
    }

    [Fact]
    public async Task A_PAY_CLOSED_delivered_by_Citrine_verifies_and_parses_into_the_order()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (client, _) = await fixture.NewClientAsync();
        var request = Requests.V2() with { WebhookUrl = receiver.Url, PassThroughInfo = "cart-42" };
        var order = await client.Orders.CreateAsync(request, Ct);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await client.Orders.CloseAsync(Requests.ByPrepayId(order.PrepayId), Ct)).ShouldBeTrue();

        var delivery = await receiver.NextAsync(Patience);
        var webhook = await new WebhookVerifier(client).VerifyAsync(delivery.Body, HeadersOf(delivery), Ct);

        webhook.BizType.ShouldBe(WebhookNames.BizTypePay);
        webhook.BizStatus.ShouldBe(WebhookNames.PayClosed);
        webhook.BizId.ShouldBe(order.PrepayId);
        webhook.BizIdStr.ShouldBe(order.PrepayId);
        webhook.RawBody.ShouldBe(delivery.BodyText);
        var pay = webhook.Pay.ShouldNotBeNull();
        pay.MerchantTradeNo.ShouldBe(request.MerchantTradeNo);
        pay.TotalFee.ShouldBe(request.OrderAmount);
        pay.Currency.ShouldBe(request.Currency);
        pay.ProductType.ShouldBe(request.Goods.GoodsType);
        pay.ProductName.ShouldBe(request.Goods.GoodsName);
        pay.TradeType.ShouldBe(request.Env.TerminalType);
        pay.PassThroughInfo.ShouldBe("cart-42");
        pay.Commission.ShouldBe(0m);
        pay.TransactTime.ShouldBeInRange(before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        webhook.Refund.ShouldBeNull();
        webhook.Contract.ShouldBeNull();
        var queried = await client.Orders.GetAsync(Requests.ByPrepayId(order.PrepayId), Ct);
        queried.Status.ShouldBe(OrderStatusNames.Canceled);
        queried.MerchantTradeNo.ShouldBe(pay.MerchantTradeNo);
    }

    [Fact]
    public async Task MapBinancePayWebhook_gets_the_real_delivery_once_and_Citrine_logs_it_DELIVERED()
    {
        var (client, merchant) = await fixture.NewClientAsync();
        await using var shop = await ShopAsync(merchant);
        var order = await client.Orders.CreateAsync(Requests.V2() with { WebhookUrl = shop.Url }, Ct);
        await client.Orders.CloseAsync(Requests.ByPrepayId(order.PrepayId), Ct);

        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");

        var handled = shop.Received.ShouldHaveSingleItem();
        handled.BizStatus.ShouldBe(WebhookNames.PayClosed);
        handled.BizId.ShouldBe(order.PrepayId);
        handled.Pay!.MerchantTradeNo.ShouldNotBeNullOrEmpty();
        handled.RawBody.ShouldBe(detail.GetProperty("body").GetString());
        var attempt = Attempts(detail).ShouldHaveSingleItem();
        attempt.GetProperty("destination").GetString().ShouldBe(shop.Url);
        attempt.GetProperty("httpStatus").GetInt32().ShouldBe(200);
        attempt.GetProperty("delivered").GetBoolean().ShouldBeTrue();
        attempt.GetProperty("responseExcerpt").GetString().ShouldBe("""{"returnCode":"SUCCESS","returnMessage":null}""");
        // The merchant's own view (Citrine-only sandbox API, signed with its key) says the same.
        var own = await Server.Signed(merchant).PostAsync("/sandbox/webhooks/event", new { eventId });
        own.Code.ShouldBe("000000", own.ToString());
        State(own.Data).ShouldBe("DELIVERED");
        // Delivered means answered: no further attempt reaches the handler (retries here come within 50 ms).
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        shop.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_handler_that_throws_is_answered_500_and_Citrine_delivers_again_until_it_succeeds()
    {
        var (client, merchant) = await fixture.NewClientAsync();
        await using var shop = await ShopAsync(merchant, failFirst: 1);
        var order = await client.Orders.CreateAsync(Requests.V2() with { WebhookUrl = shop.Url }, Ct);
        await client.Orders.CloseAsync(Requests.ByPrepayId(order.PrepayId), Ct);

        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");

        var attempts = Attempts(detail);
        attempts.Select(a => a.GetProperty("httpStatus").GetInt32()).ShouldBe([500, 200]);
        attempts[0].GetProperty("delivered").GetBoolean().ShouldBeFalse();
        attempts[0].GetProperty("responseExcerpt").GetString()!.ShouldContain("\"returnCode\":\"FAIL\"");
        shop.Received.Count.ShouldBe(2);
        shop.Received.Select(e => e.RawBody).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task After_a_key_rotation_the_verifier_fetches_the_new_serial_and_still_verifies()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (direct, merchant) = await fixture.NewClientAsync();
        // The verifier's certificate fetches go through a recording proxy, so they can be counted.
        await using var proxy = await FlakyProxy.StartAsync(Server.BaseUri);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var verifier = new WebhookVerifier(fixture.ClientFor(merchant, proxy.BaseUri).Certificates,
            new WebhookVerifierOptions { TimeProvider = time });
        var before = await CloseNewOrderAsync(direct, receiver);
        var first = await verifier.VerifyAsync(before.Body, HeadersOf(before), Ct);

        var rotated = await RotateAsync(Server);
        var after = await CloseNewOrderAsync(direct, receiver);
        time.Advance(new WebhookVerifierOptions().RefreshCooldown + TimeSpan.FromSeconds(1));
        var second = await verifier.VerifyAsync(after.Body, HeadersOf(after), Ct);

        var oldSerial = before.Header(BinancePayHeaders.CertificateSn);
        rotated[0].ShouldNotBe(oldSerial);
        rotated.ShouldContain(oldSerial);
        after.Header(BinancePayHeaders.CertificateSn).ShouldBe(rotated[0]);
        first.BizStatus.ShouldBe(WebhookNames.PayClosed);
        second.BizStatus.ShouldBe(WebhookNames.PayClosed);
        second.BizId.ShouldNotBe(first.BizId);
        CertificateFetches(proxy).ShouldBe(2);
        // The replaced key is still listed during its grace period: an older delivery still verifies, from cache.
        (await verifier.VerifyAsync(before.Body, HeadersOf(before), Ct)).BizId.ShouldBe(first.BizId);
        CertificateFetches(proxy).ShouldBe(2);
    }

    [Fact]
    public async Task A_rotation_right_after_a_fetch_is_refused_within_the_cooldown_and_verifies_once_it_passes()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (client, _) = await fixture.NewClientAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var verifier = new WebhookVerifier(client.Certificates, new WebhookVerifierOptions { TimeProvider = time });
        var before = await CloseNewOrderAsync(client, receiver);
        await verifier.VerifyAsync(before.Body, HeadersOf(before), Ct);
        await RotateAsync(Server);
        var after = await CloseNewOrderAsync(client, receiver);

        var early = await Should.ThrowAsync<WebhookVerificationException>(
            () => verifier.VerifyAsync(after.Body, HeadersOf(after), Ct));
        time.Advance(new WebhookVerifierOptions().RefreshCooldown);
        var late = await verifier.VerifyAsync(after.Body, HeadersOf(after), Ct);

        // Refused webhooks are retried by the sender (Citrine's first retry comes after 15 s, past the 10 s cooldown).
        early.Reason.ShouldBe(WebhookFailureReason.UnknownCertificate);
        late.BizStatus.ShouldBe(WebhookNames.PayClosed);
    }

    [Fact]
    public async Task A_tampered_delivery_is_refused_by_the_verifier()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (client, _) = await fixture.NewClientAsync();
        var first = await CloseNewOrderAsync(client, receiver);
        var second = await CloseNewOrderAsync(client, receiver);
        var verifier = new WebhookVerifier(client);
        var text = first.BodyText;
        var indented = JsonSerializer.Serialize(JsonDocument.Parse(first.Body).RootElement, Indented);

        await verifier.VerifyAsync(first.Body, HeadersOf(first), Ct);
        foreach (var tampered in new[]
                 {
                     text.Replace("PAY_CLOSED", "PAY_SUCCESS", StringComparison.Ordinal),
                     text.Replace("25.17000000", "0.01000000", StringComparison.Ordinal),
                     indented,
                     text + "\n",
                     second.BodyText,
                 })
        {
            tampered.ShouldNotBe(text);
            var refused = await Should.ThrowAsync<WebhookVerificationException>(
                () => verifier.VerifyAsync(Encoding.UTF8.GetBytes(tampered), HeadersOf(first), Ct));
            refused.Reason.ShouldBe(WebhookFailureReason.InvalidSignature);
        }

        var stale = HeadersOf(first) with { Timestamp = second.Header(BinancePayHeaders.Timestamp) };
        (await Should.ThrowAsync<WebhookVerificationException>(() => verifier.VerifyAsync(first.Body, stale, Ct)))
            .Reason.ShouldBe(WebhookFailureReason.InvalidSignature);
    }

    [Fact]
    public async Task A_tampered_replay_of_a_real_delivery_is_answered_400_FAIL_and_the_handler_does_not_run()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (client, merchant) = await fixture.NewClientAsync();
        await using var shop = await ShopAsync(merchant);
        var delivery = await CloseNewOrderAsync(client, receiver);
        var tampered = delivery.BodyText.Replace("PAY_CLOSED", "PAY_SUCCESS", StringComparison.Ordinal);

        var (refusedStatus, refusedBody) = await ReplayAsync(shop.Url, tampered, delivery);
        var (genuineStatus, genuineBody) = await ReplayAsync(shop.Url, delivery.BodyText, delivery);

        refusedStatus.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(refusedBody).RootElement.GetProperty("returnCode").GetString().ShouldBe("FAIL");
        genuineStatus.ShouldBe(HttpStatusCode.OK, genuineBody);
        shop.Received.ShouldHaveSingleItem().BizStatus.ShouldBe(WebhookNames.PayClosed);
    }

    [Fact]
    public async Task CONTRACT_SIGNED_and_CONTRACT_TERMINATED_delivered_by_Citrine_verify_and_parse_into_the_contract()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (client, merchant) = await fixture.NewClientAsync();
        await EnableDirectDebitAsync(Server, merchant.MerchantId);
        var request = new CreateContractRequest
        {
            MerchantContractCode = "c" + Guid.NewGuid().ToString("N")[..24],
            ServiceName = "Premium plan",
            ScenarioCode = "Membership",
            SingleUpperLimit = 5.5m,
            Currency = "USDT",
            Periodic = false,
            MerchantAccountNo = "alice@example.com",
            WebhookUrl = receiver.Url,
        };
        var created = await client.DirectDebit.CreateContractAsync(request, Ct);
        var buyer = Server.Signed(merchant);
        // The buyer's side (Citrine-only sandbox helpers, signed with the merchant's key).
        var signed = await buyer.PostAsync("/sandbox/direct-debit/contracts/sign",
            new { preContractId = created.PreContractId, buyerId = await Server.CreateBuyerAsync("Signer") });
        signed.Code.ShouldBe("000000", signed.ToString());
        var verifier = new WebhookVerifier(client);

        var signedDelivery = await receiver.NextAsync(Patience);
        var signedEvent = await verifier.VerifyAsync(signedDelivery.Body, HeadersOf(signedDelivery), Ct);
        var contract = await client.DirectDebit.GetContractAsync(
            new ContractLookupRequest { MerchantContractCode = request.MerchantContractCode }, Ct);
        var terminated = await buyer.PostAsync("/sandbox/direct-debit/contracts/terminate",
            new { contractId = contract.ContractId });
        terminated.Code.ShouldBe("000000", terminated.ToString());
        var terminatedDelivery = await receiver.NextAsync(Patience);
        var terminatedEvent = await verifier.VerifyAsync(terminatedDelivery.Body, HeadersOf(terminatedDelivery), Ct);

        signedEvent.BizType.ShouldBe(WebhookNames.BizTypeDirectDebitContract);
        signedEvent.BizStatus.ShouldBe(WebhookNames.ContractSigned);
        signedEvent.Pay.ShouldBeNull();
        var data = signedEvent.Contract.ShouldNotBeNull();
        signedEvent.BizId.ShouldBe(data.ContractId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        signedEvent.BizIdStr.ShouldBe(signedEvent.BizId);
        data.ContractId.ShouldBe(contract.ContractId!.Value);
        data.MerchantContractCode.ShouldBe(request.MerchantContractCode);
        data.ServiceName.ShouldBe(request.ServiceName);
        data.SingleUpperLimit.ShouldBe(request.SingleUpperLimit);
        data.Currency.ShouldBe(request.Currency);
        data.MerchantAccountNo.ShouldBe(request.MerchantAccountNo);
        data.OpenUserId.ShouldBe(contract.OpenUserId);
        data.OpenUserId.ShouldNotBeNullOrEmpty();
        data.ContractTerminationWay.ShouldBeNull();
        data.ContractTerminationTime.ShouldBeNull();
        terminatedEvent.BizStatus.ShouldBe(WebhookNames.ContractTerminated);
        terminatedEvent.BizId.ShouldBe(signedEvent.BizId);
        var ended = terminatedEvent.Contract.ShouldNotBeNull();
        ended.ContractTerminationWay.ShouldNotBeNull();
        ended.ContractTerminationTime.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    private static WebhookHeaders HeadersOf(ReceivedRequest delivery) => WebhookHeaders.From(delivery.Header);

    private static async Task<ReceivedRequest> CloseNewOrderAsync(CitrineClient client, LoopbackReceiver receiver)
    {
        var order = await client.Orders.CreateAsync(Requests.V2() with { WebhookUrl = receiver.Url }, Ct);
        await client.Orders.CloseAsync(Requests.ByPrepayId(order.PrepayId), Ct);
        var delivery = await receiver.NextAsync(Patience);
        WebhookEvent.Parse(delivery.Body).BizId.ShouldBe(order.PrepayId);
        return delivery;
    }

    private static async Task EnableDirectDebitAsync(TestServer server, long merchantId)
    {
        using var response = await server.Http.PostAsJsonAsync($"/admin/merchants/{merchantId}",
            new { directDebitEnabled = true }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static int CertificateFetches(FlakyProxy proxy) =>
        proxy.Seen.Count(s => s.Path == "/binancepay/openapi/certificates");

    private static async Task<(HttpStatusCode Status, string Body)> ReplayAsync(string url, string body,
        ReceivedRequest headersFrom)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var name in new[]
                 {
                     BinancePayHeaders.Timestamp, BinancePayHeaders.Nonce, BinancePayHeaders.Signature,
                     BinancePayHeaders.CertificateSn,
                 })
        {
            request.Headers.Add(name, headersFrom.Header(name));
        }

        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A merchant's app: the SDK registered with <c>AddCitrineClient</c> and a <c>MapBinancePayWebhook</c>
    /// endpoint whose handler records each event (and throws for the first <paramref name="failFirst"/>).</summary>
    private async Task<Shop> ShopAsync(TestMerchant merchant, int failFirst = 0)
    {
        var received = new ConcurrentQueue<WebhookEvent>();
        var app = await LoopbackApp.StartAsync(
            a => a.MapBinancePayWebhook("/webhooks/binance-pay", (WebhookEvent e, CancellationToken _) =>
            {
                received.Enqueue(e);
                return received.Count <= failFirst
                    ? throw new InvalidOperationException("database down")
                    : Task.CompletedTask;
            }),
            services => services.AddCitrineClient(settings =>
            {
                settings.BaseUri = Server.BaseUri;
                settings.ApiKey = merchant.ApiKey;
                settings.ApiSecret = merchant.ApiSecret;
            }));
        return new Shop(app, received);
    }

    private sealed class Shop(LoopbackApp app, ConcurrentQueue<WebhookEvent> received) : IAsyncDisposable
    {
        public string Url { get; } = new Uri(app.BaseUri, "/webhooks/binance-pay").ToString();

        public IReadOnlyList<WebhookEvent> Received => [.. received];

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}

public sealed class SqliteWebhooksLiveTests(SqliteFastWebhookServer fixture)
    : WebhooksLiveTests(fixture), IClassFixture<SqliteFastWebhookServer>;

public sealed class PostgresWebhooksLiveTests(PostgresFastWebhookServer fixture)
    : WebhooksLiveTests(fixture), IClassFixture<PostgresFastWebhookServer>;
