using System.Diagnostics;
using Citrine.Testing;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Faults;

/// <summary>
/// Webhook faults (docs/sandbox.md#fault-injection) observed by a loopback receiver: a duplicated delivery arrives
/// twice with the same body, a delayed one late, a reordered one after the merchant's next event; each only for the
/// armed count, and the delivery log records one attempt per event as without a fault.
/// </summary>
public abstract class WebhookFaultTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_duplicate_fault_sends_the_same_body_twice_then_deliveries_are_single_again()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await RequestFaultTests.ArmAsync(client, new { kind = "DUPLICATE", count = 1 });

        var first = await CloseNewOrderAsync(client, receiver.Url);
        var twice = await receiver.NextAsync(2, Patience);
        twice.Select(BizId).ShouldAllBe(id => id == first);
        twice[1].BodyText.ShouldBe(twice[0].BodyText);
        twice[1].Header("BinancePay-Nonce").ShouldNotBe(twice[0].Header("BinancePay-Nonce"));
        var certificates = await CertificatesAsync(client);
        twice.ShouldAllBe(hook => VerifiesPerReference(hook, certificates));

        var second = await CloseNewOrderAsync(client, receiver.Url);
        BizId(await receiver.NextAsync(Patience)).ShouldBe(second);
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue();
        var events = await AdminAsync(Server, $"/admin/merchants/{client.Merchant.MerchantId}/events");
        events.GetArrayLength().ShouldBe(2);
        Attempts(await WaitForStateAsync(Server, EventId(events[1]), "DELIVERED")).ShouldBe(1, "one attempt recorded");
    }

    [Fact]
    public async Task A_delay_fault_holds_the_delivery_for_its_time()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await RequestFaultTests.ArmAsync(client, new { kind = "DELAY", durationMs = 1500 });

        var started = Stopwatch.GetTimestamp();
        var delayed = await CloseNewOrderAsync(client, receiver.Url);
        BizId(await receiver.NextAsync(Patience)).ShouldBe(delayed);
        Stopwatch.GetElapsedTime(started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(1400));

        started = Stopwatch.GetTimestamp();
        var prompt = await CloseNewOrderAsync(client, receiver.Url);
        BizId(await receiver.NextAsync(Patience)).ShouldBe(prompt);
        Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromMilliseconds(1400));
    }

    [Fact]
    public async Task A_reorder_fault_sends_the_held_event_after_the_merchants_next_one()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await RequestFaultTests.ArmAsync(client, new { kind = "REORDER" });

        var held = await CloseNewOrderAsync(client, receiver.Url);
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(600))).ShouldBeTrue("the first event is held");
        var next = await CloseNewOrderAsync(client, receiver.Url);

        var arrived = await receiver.NextAsync(2, Patience);
        arrived.Select(BizId).ShouldBe([next, held]);
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(300))).ShouldBeTrue();
    }

    [Fact]
    public async Task Another_merchants_webhook_faults_leave_these_deliveries_alone()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var faulty = Server.Signed(await Server.CreateMerchantAsync());
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await RequestFaultTests.ArmAsync(faulty, new { kind = "DUPLICATE", count = 5 });

        var prepayId = await CloseNewOrderAsync(client, receiver.Url);
        BizId(await receiver.NextAsync(Patience)).ShouldBe(prepayId);
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue();
        var rules = (await faulty.PostAsync("/sandbox/faults/list", new { })).Data;
        rules[0].GetProperty("remaining").GetInt32().ShouldBe(5);
    }
}

public sealed class SqliteWebhookFaultTests(Webhooks.SqliteWebhookServer fixture)
    : WebhookFaultTests(fixture), IClassFixture<Webhooks.SqliteWebhookServer>;

public sealed class PostgresWebhookFaultTests(Webhooks.PostgresWebhookServer fixture)
    : WebhookFaultTests(fixture), IClassFixture<Webhooks.PostgresWebhookServer>;
