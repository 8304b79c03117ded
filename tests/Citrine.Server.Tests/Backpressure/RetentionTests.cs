using System.Diagnostics;
using System.Globalization;
using Citrine.Testing;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Backpressure;

/// <summary>
/// Retention (<c>Citrine:Retention</c>, issue 12 §2): finished webhook events (DELIVERED, NO_DESTINATION) older than the
/// configured hours by their merchant's clock are deleted with their attempts by their own loop; a PENDING event of
/// the same age, and another merchant's younger events, stay; the ledger auditor stays clean although the pruned
/// orders lost their terminal event.
/// </summary>
public abstract class RetentionTests(Store store)
{
    private const long TwoHoursMs = 2 * 3_600_000L;

    [Fact]
    public async Task Finished_events_past_retention_go_with_their_attempts_and_pending_or_younger_ones_stay()
    {
        await using var ok = await LoopbackReceiver.StartAsync();
        await using var failing = await LoopbackReceiver.StartAsync();
        failing.Default = Reply.Error(500);
        await using var server = await TestServer.StartAsync(store, o =>
        {
            o.Retention.WebhookEventsHours = 1;
            o.Retention.IntervalMs = 100;
            o.WebhookPollIntervalMs = 20;
            // A failed first attempt leaves the event PENDING for a week: the advance below does not make it due.
            o.WebhookRetryMs = [.. Enumerable.Repeat(7 * 24 * 3_600_000, 6)];
        });
        var old = server.Signed(await server.CreateMerchantAsync());
        var young = server.Signed(await server.CreateMerchantAsync());

        var delivered = await EventOfAsync(server, await CloseNewOrderAsync(old, ok.Url));
        var undeliverable = await EventOfAsync(server, await CloseNewOrderAsync(old, null));
        var pending = await EventOfAsync(server, await CloseNewOrderAsync(old, failing.Url));
        var youngDelivered = await EventOfAsync(server, await CloseNewOrderAsync(young, ok.Url));
        await WaitForStateAsync(server, delivered, "DELIVERED");
        await WaitForStateAsync(server, undeliverable, "NO_DESTINATION");
        await WaitForStateAsync(server, youngDelivered, "DELIVERED");
        var pendingDetail = await WaitForEventAsync(server, pending, d => Attempts(d) == 1, "had its first attempt");
        State(pendingDetail).ShouldBe("PENDING");
        (await AttemptCountAsync(server, delivered)).ShouldBe(1);

        // Two hours later by the first merchant's own clock only.
        var advanced = await old.PostAsync("/sandbox/clock/advance", new { advanceMs = TwoHoursMs });
        advanced.Code.ShouldBe("000000", advanced.ToString());

        var deadline = Stopwatch.StartNew();
        while (await ExistsAsync(server, delivered) || await ExistsAsync(server, undeliverable))
        {
            deadline.Elapsed.ShouldBeLessThan(Patience, "retention never pruned the finished events");
            await Task.Delay(50);
        }

        (await AttemptCountAsync(server, delivered)).ShouldBe(0);
        (await ExistsAsync(server, pending)).ShouldBeTrue("a PENDING event is never pruned");
        (await AttemptCountAsync(server, pending)).ShouldBe(1);
        (await ExistsAsync(server, youngDelivered)).ShouldBeTrue("the other merchant's clock did not move");
        (await AttemptCountAsync(server, youngDelivered)).ShouldBe(1);
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Zero_hours_keeps_every_event()
    {
        await using var server = await TestServer.StartAsync(store, o =>
        {
            o.Retention.WebhookEventsHours = 0;
            o.Retention.IntervalMs = 100;
        });
        var merchant = server.Signed(await server.CreateMerchantAsync());
        var eventId = await EventOfAsync(server, await CloseNewOrderAsync(merchant, null));
        await WaitForStateAsync(server, eventId, "NO_DESTINATION");

        (await merchant.PostAsync("/sandbox/clock/advance", new { advanceMs = 100L * 24 * 3_600_000 }))
            .Code.ShouldBe("000000");
        await Task.Delay(500); // five ticks of the retention loop

        (await ExistsAsync(server, eventId)).ShouldBeTrue();
    }

    private static async Task<long> EventOfAsync(TestServer server, string prepayId) =>
        (await server.QueryDbAsync("SELECT event_id FROM webhook_outbox WHERE biz_id = @p",
            r => r.GetInt64(0), ("@p", long.Parse(prepayId, CultureInfo.InvariantCulture)))).Single();

    private static async Task<bool> ExistsAsync(TestServer server, long eventId) =>
        await server.Database.CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE event_id = @e", ("@e", eventId)) == 1;

    private static Task<long> AttemptCountAsync(TestServer server, long eventId) =>
        server.Database.CountAsync("SELECT COUNT(*) FROM webhook_attempts WHERE event_id = @e", ("@e", eventId));
}

public sealed class SqliteRetentionTests() : RetentionTests(Store.Sqlite);

public sealed class PostgresRetentionTests() : RetentionTests(Store.Postgres);
