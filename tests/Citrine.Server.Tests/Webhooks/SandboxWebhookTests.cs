using System.Diagnostics;
using System.Text;
using Citrine.Testing;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>The signed webhook helpers under <c>/sandbox/webhooks</c>: a merchant works on its own events only.</summary>
public abstract class SandboxWebhookTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_merchant_lists_and_inspects_its_own_events_but_not_another_merchants()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var owner = Server.Signed(await Server.CreateMerchantAsync());
        var stranger = Server.Signed(await Server.CreateMerchantAsync());
        var prepayId = await CloseNewOrderAsync(owner, receiver.Url);
        await receiver.NextAsync(Patience);

        var list = await owner.PostAsync("/sandbox/webhooks/events", new { });
        list.Code.ShouldBe("000000", list.ToString());
        var listed = list.Data.EnumerateArray().ShouldHaveSingleItem();
        listed.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        listed.GetProperty("bizStatus").GetString().ShouldBe("PAY_CLOSED");
        var eventId = EventId(listed);
        await WaitForStateAsync(Server, eventId, "DELIVERED");

        var detail = await owner.PostAsync("/sandbox/webhooks/event", new { eventId });
        detail.Code.ShouldBe("000000", detail.ToString());
        detail.Data.GetProperty("attempts").GetArrayLength().ShouldBe(1);
        detail.Data.GetProperty("body").GetString().ShouldBe(receiver.All[0].BodyText);

        (await stranger.PostAsync("/sandbox/webhooks/events", new { })).Data.GetArrayLength().ShouldBe(0);
        (await stranger.PostAsync("/sandbox/webhooks/event", new { eventId })).Code.ShouldBe("400102");
        (await stranger.PostAsync("/sandbox/webhooks/redeliver", new { eventId })).Code.ShouldBe("400102");
        (await owner.PostAsync("/sandbox/webhooks/event", new { })).Code.ShouldBe("400100");
    }

    [Fact]
    public async Task A_merchant_redelivers_a_failed_event_with_its_own_key()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Default = Reply.Error(500);
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await CloseNewOrderAsync(client, receiver.Url);
        var eventId = EventId(await LatestEventAsync(Server, client.Merchant.MerchantId));
        await WaitForStateAsync(Server, eventId, "FAILED");

        receiver.Default = Reply.Success;
        var answer = await client.PostAsync("/sandbox/webhooks/redeliver", new { eventId });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("event").GetProperty("redeliveries").GetInt32().ShouldBe(1);
        var delivered = await WaitForStateAsync(Server, eventId, "DELIVERED");
        delivered.GetProperty("attempts").GetArrayLength().ShouldBe(8);
    }

    [Fact]
    public async Task A_poll_hands_out_the_exact_body_with_a_valid_signature_and_waits_for_new_events()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var start = await client.PostAsync("/sandbox/webhooks/poll", new { waitMs = 0 });
        start.Code.ShouldBe("000000", start.ToString());
        start.Data.GetProperty("events").GetArrayLength().ShouldBe(0);
        start.Data.GetProperty("merchantId").GetInt64().ShouldBe(client.Merchant.MerchantId);
        var cursor = start.Data.GetProperty("nextAfterEventId").GetInt64();

        var waiting = client.PostAsync("/sandbox/webhooks/poll", new { afterEventId = cursor, waitMs = 10_000 });
        await Task.Delay(300);
        var watch = Stopwatch.StartNew();
        var prepayId = await CloseNewOrderAsync(client, null);
        var poll = await waiting;
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the poll returns as soon as an event exists");
        var polled = poll.Data.GetProperty("events").EnumerateArray().ShouldHaveSingleItem();
        polled.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        poll.Data.GetProperty("nextAfterEventId").GetInt64().ShouldBe(EventId(polled));

        var detail = await AdminAsync(Server, $"/admin/events/{EventId(polled)}");
        var body = polled.GetProperty("body").GetString()!;
        body.ShouldBe(detail.GetProperty("body").GetString());
        var asDelivered = new ReceivedRequest("POST", "/", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["BinancePay-Timestamp"] = polled.GetProperty("timestamp").GetString()!,
            ["BinancePay-Nonce"] = polled.GetProperty("nonce").GetString()!,
            ["BinancePay-Signature"] = polled.GetProperty("signature").GetString()!,
            ["BinancePay-Certificate-SN"] = polled.GetProperty("certSerial").GetString()!,
        }, Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow);
        VerifiesPerReference(asDelivered, await CertificatesAsync(client)).ShouldBeTrue();
    }
}

public sealed class SqliteSandboxWebhookTests(SqliteWebhookServer fixture)
    : SandboxWebhookTests(fixture), IClassFixture<SqliteWebhookServer>;

public sealed class PostgresSandboxWebhookTests(PostgresWebhookServer fixture)
    : SandboxWebhookTests(fixture), IClassFixture<PostgresWebhookServer>;
