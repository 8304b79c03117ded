using System.Text.Json;
using Citrine.Testing;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>
/// Order notifications over real HTTP to a loopback receiver: the documented body and headers, the signature checked
/// with a verifier written from the reference, and what counts as delivered.
/// </summary>
public abstract class WebhookDeliveryTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Close_sends_a_PAY_CLOSED_webhook_with_every_documented_field_signed_per_the_reference()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var (prepayId, tradeNo) = await CreateOrderAsync(client, receiver.Url, passThroughInfo: "shop-ref-42");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await CloseAsync(client, prepayId);

        var hook = await receiver.NextAsync(Patience);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        hook.Method.ShouldBe("POST");
        hook.Path.ShouldBe("/webhook");
        hook.Header("Content-Type").ShouldStartWith("application/json");
        hook.Header("BinancePay-Nonce")!.ShouldMatch("^[A-Za-z]{32}$");
        long.Parse(hook.Header("BinancePay-Timestamp")!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(before - 1000, after + 1000);
        var certificates = await CertificatesAsync(client);
        hook.Header("BinancePay-Certificate-SN").ShouldBe(certificates[0].Serial);
        VerifiesPerReference(hook, certificates).ShouldBeTrue();

        // The envelope (docs/api-reference.md#webhook-envelope): bizId is a bare JSON number equal to bizIdStr; data is
        // a JSON string.
        hook.BodyText.ShouldStartWith("{\"bizType\":\"PAY\",\"bizId\":" + prepayId + ",\"bizIdStr\":\"" + prepayId + "\"");
        hook.BodyText.ShouldContain("\"data\":\"{\\\"merchantTradeNo\\\":");
        var body = JsonDocument.Parse(hook.Body).RootElement;
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["bizType", "bizId", "bizIdStr", "bizStatus", "data"]);
        body.GetProperty("bizType").GetString().ShouldBe("PAY");
        body.GetProperty("bizId").ValueKind.ShouldBe(JsonValueKind.Number);
        body.GetProperty("bizId").GetRawText().ShouldBe(prepayId);
        body.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        body.GetProperty("bizStatus").GetString().ShouldBe("PAY_CLOSED");
        body.GetProperty("data").ValueKind.ShouldBe(JsonValueKind.String);

        // data (docs/api-reference.md#order-notification): the fields a closed order has; totalFee and commission are
        // numbers with 8 decimals.
        var data = JsonDocument.Parse(body.GetProperty("data").GetString()!).RootElement;
        data.GetProperty("merchantTradeNo").GetString().ShouldBe(tradeNo);
        data.GetProperty("productType").GetString().ShouldBe("01");
        data.GetProperty("productName").GetString().ShouldBe("Ice Cream");
        data.GetProperty("transactTime").ValueKind.ShouldBe(JsonValueKind.Number);
        data.GetProperty("transactTime").GetInt64().ShouldBeInRange(before - 1000, after + 1000);
        data.GetProperty("tradeType").GetString().ShouldBe("WEB");
        data.GetProperty("totalFee").GetRawText().ShouldBe("25.17000000");
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.GetProperty("commission").GetRawText().ShouldBe("0.00000000");
        data.GetProperty("passThroughInfo").GetString().ShouldBe("shop-ref-42");
        data.TryGetProperty("transactionId", out _).ShouldBeFalse("nothing was paid");
        data.TryGetProperty("paymentInfo", out _).ShouldBeFalse("nothing was paid");

        var detail = await WaitForStateAsync(Server, EventId(await LatestEventAsync(Server, merchant.MerchantId)),
            "DELIVERED");
        Attempts(detail).ShouldBe(1);
        detail.GetProperty("body").GetString().ShouldBe(hook.BodyText);
        var attempt = detail.GetProperty("attempts")[0];
        attempt.GetProperty("httpStatus").GetInt32().ShouldBe(200);
        attempt.GetProperty("delivered").GetBoolean().ShouldBeTrue();
        attempt.GetProperty("responseExcerpt").GetString().ShouldBe(Reply.Success.Body);
        attempt.GetProperty("nonce").GetString().ShouldBe(hook.Header("BinancePay-Nonce"));

        var query = await client.PostAsync("/binancepay/openapi/v2/order/query", new { prepayId });
        query.Data.GetProperty("status").GetString().ShouldBe("CANCELED");
    }

    [Fact]
    public async Task The_order_webhookUrl_wins_and_the_merchant_URL_is_the_fallback()
    {
        await using var merchantReceiver = await LoopbackReceiver.StartAsync();
        await using var orderReceiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync(webhookUrl: merchantReceiver.Url);
        var client = Server.Signed(merchant);

        var withUrl = await CloseNewOrderAsync(client, orderReceiver.Url);
        BizId(await orderReceiver.NextAsync(Patience)).ShouldBe(withUrl);
        var withoutUrl = await CloseNewOrderAsync(client, null);
        BizId(await merchantReceiver.NextAsync(Patience)).ShouldBe(withoutUrl);
        merchantReceiver.All.Count.ShouldBe(1);
        orderReceiver.All.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Without_any_URL_the_event_is_NO_DESTINATION_and_a_redelivery_uses_the_URL_configured_later()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync();
        var prepayId = await CloseNewOrderAsync(Server.Signed(merchant), null);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "NO_DESTINATION");
        detail.GetProperty("event").GetProperty("lastError").GetString()!.ShouldContain("no destination");
        Attempts(detail).ShouldBe(0);

        using var update = await Server.Http.PostAsync($"/admin/merchants/{merchant.MerchantId}",
            JsonContent(new { webhookUrl = receiver.Url }));
        update.EnsureSuccessStatusCode();
        await AdminAsync(Server, $"/admin/events/{eventId}/redeliver", HttpMethod.Post);
        BizId(await receiver.NextAsync(Patience)).ShouldBe(prepayId);
        await WaitForStateAsync(Server, eventId, "DELIVERED");
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_on_the_fourth_attempt()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Error(500), Reply.Fail, Reply.Error(503));
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        await CloseNewOrderAsync(client, receiver.Url);

        var hooks = await receiver.NextAsync(4, Patience);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");
        Attempts(detail).ShouldBe(4);
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(300))).ShouldBeTrue();

        var log = detail.GetProperty("attempts").EnumerateArray().ToList();
        log.Select(a => a.GetProperty("attempt").GetInt32()).ShouldBe([1, 2, 3, 4]);
        log.Select(a => a.GetProperty("httpStatus").GetInt32()).ShouldBe([500, 200, 503, 200]);
        log.Select(a => a.GetProperty("delivered").GetBoolean()).ShouldBe([false, false, false, true]);
        log[1].GetProperty("responseExcerpt").GetString()!.ShouldContain("FAIL");
        log.ShouldAllBe(a => a.GetProperty("latencyMs").GetInt64() >= 0);

        // Same body every time; a fresh timestamp, nonce and signature per attempt, each one valid.
        var certificates = await CertificatesAsync(client);
        hooks.Select(h => h.BodyText).Distinct().Count().ShouldBe(1);
        hooks.Select(h => h.Header("BinancePay-Nonce")).Distinct().Count().ShouldBe(4);
        hooks.ShouldAllBe(h => VerifiesPerReference(h, certificates));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_gets_exactly_seven_attempts_then_the_event_is_FAILED_and_redeliverable()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Default = Reply.Error(500);
        var merchant = await Server.CreateMerchantAsync();
        var prepayId = await CloseNewOrderAsync(Server.Signed(merchant), receiver.Url);

        await receiver.NextAsync(7, Patience);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var failed = await WaitForStateAsync(Server, eventId, "FAILED");
        Attempts(failed).ShouldBe(7);
        failed.GetProperty("event").GetProperty("attemptsMax").GetInt32().ShouldBe(7);
        failed.GetProperty("event").GetProperty("lastError").GetString().ShouldBe("HTTP 500");
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue("no 8th attempt");

        receiver.Default = Reply.Success;
        var redelivered = await AdminAsync(Server, $"/admin/events/{eventId}/redeliver", HttpMethod.Post);
        redelivered.GetProperty("event").GetProperty("redeliveries").GetInt32().ShouldBe(1);
        BizId(await receiver.NextAsync(Patience)).ShouldBe(prepayId);
        var delivered = await WaitForStateAsync(Server, eventId, "DELIVERED");
        Attempts(delivered).ShouldBe(1, "a redelivery starts a fresh round of attempts");
        var log = delivered.GetProperty("attempts").EnumerateArray().ToList();
        log.Count.ShouldBe(8);
        log[^1].GetProperty("round").GetInt32().ShouldBe(1);
        log[^1].GetProperty("attempt").GetInt32().ShouldBe(1);
        receiver.All.Count.ShouldBe(8);
    }

    [Theory]
    [InlineData(200, "{\"returnCode\":\"SUCCESS\",\"returnMessage\":null}", true)]
    [InlineData(200, "{\"code\":\"SUCCESS\",\"message\":\"ok\"}", true)]
    [InlineData(200, null, true)]
    [InlineData(200, "OK", true)]
    [InlineData(200, "{\"returnCode\":\"FAIL\",\"returnMessage\":\"busy\"}", false)]
    [InlineData(201, "{\"returnCode\":\"SUCCESS\"}", false)]
    [InlineData(204, null, false)]
    [InlineData(404, "{\"returnCode\":\"SUCCESS\"}", false)]
    public async Task What_the_receiver_answers_decides_delivery(int status, string? body, bool delivered)
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(new Reply(status, body));
        var merchant = await Server.CreateMerchantAsync();
        await CloseNewOrderAsync(Server.Signed(merchant), receiver.Url);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");
        var first = detail.GetProperty("attempts")[0];
        first.GetProperty("httpStatus").GetInt32().ShouldBe(status);
        first.GetProperty("delivered").GetBoolean().ShouldBe(delivered);
        Attempts(detail).ShouldBe(delivered ? 1 : 2);
    }

    [Fact]
    public async Task An_attempt_that_outlasts_the_timeout_fails_and_the_next_one_delivers()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Hang(TimeSpan.FromSeconds(30)));
        var merchant = await Server.CreateMerchantAsync();
        await CloseNewOrderAsync(Server.Signed(merchant), receiver.Url);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");
        var first = detail.GetProperty("attempts")[0];
        first.GetProperty("error").GetString().ShouldBe($"timed out after {Server.Options.WebhookTimeoutMs} ms");
        first.GetProperty("latencyMs").GetInt64().ShouldBeInRange(Server.Options.WebhookTimeoutMs - 50, 10_000);
        first.TryGetProperty("httpStatus", out _).ShouldBeFalse();
        Attempts(detail).ShouldBe(2);
    }

    [Fact]
    public async Task A_huge_answer_is_read_only_up_to_the_cap()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(new Reply(200, "{\"returnCode\":\"SUCCESS\",\"pad\":\"" + new string('x', 4 << 20) + "\"}"));
        var merchant = await Server.CreateMerchantAsync();
        await CloseNewOrderAsync(Server.Signed(merchant), receiver.Url);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");
        var excerpt = detail.GetProperty("attempts")[0].GetProperty("responseExcerpt").GetString()!;
        excerpt.Length.ShouldBe(Citrine.Server.Webhooks.WebhookSender.ResponseExcerptMaxChars);
        excerpt.ShouldStartWith("{\"returnCode\":\"SUCCESS\"");
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_count_as_failures()
    {
        await using var target = await LoopbackReceiver.StartAsync();
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Redirect(target.Url));
        var merchant = await Server.CreateMerchantAsync();
        await CloseNewOrderAsync(Server.Signed(merchant), receiver.Url);
        var eventId = EventId(await LatestEventAsync(Server, merchant.MerchantId));
        var detail = await WaitForStateAsync(Server, eventId, "DELIVERED");
        detail.GetProperty("attempts")[0].GetProperty("httpStatus").GetInt32().ShouldBe(302);
        detail.GetProperty("attempts")[0].GetProperty("delivered").GetBoolean().ShouldBeFalse();
        Attempts(detail).ShouldBe(2);
        target.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_event_is_answered_404_in_the_envelope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/events/999999999/redeliver");
        var answer = await SignedHttp.SendAsync(Server.Http, request);
        answer.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound);
        answer.Status.ShouldBe("FAIL");
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}

public sealed class SqliteWebhookDeliveryTests(SqliteWebhookServer fixture)
    : WebhookDeliveryTests(fixture), IClassFixture<SqliteWebhookServer>;

public sealed class PostgresWebhookDeliveryTests(PostgresWebhookServer fixture)
    : WebhookDeliveryTests(fixture), IClassFixture<PostgresWebhookServer>;
