using System.Text.Json;
using Citrine.Testing;
using Microsoft.Extensions.Time.Testing;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>
/// The outbox as a durable queue: order within a stream, the schedule kept in the database across a restart and
/// driven by the server's clock, and several nodes sharing one database.
/// </summary>
public abstract class WebhookDurabilityTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Events_of_one_stream_go_out_in_order_and_other_streams_are_not_held_back()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync();
        var (first, second, other) = (NewBizId(), NewBizId(), NewBizId());
        var firstSeen = 0;
        // The first event is refused twice, slowly, so its stream stays blocked for a while.
        receiver.Responder = hook => BizId(hook) == Text(first) && Interlocked.Increment(ref firstSeen) <= 2
            ? Reply.Error(500) with { Delay = TimeSpan.FromMilliseconds(300) }
            : null;
        await InsertEventsAsync(Server, merchant.MerchantId, receiver.Url,
            ("order:1", first, "PAY_SUCCESS"), ("order:1", second, "PAY_CLOSED"), ("order:2", other, "PAY_SUCCESS"));

        var order = (await receiver.NextAsync(5, Patience)).Select(BizId).ToList();
        order.Where(b => b != Text(other)).ShouldBe([Text(first), Text(first), Text(first), Text(second)]);
        order.IndexOf(Text(other)).ShouldBeLessThan(order.LastIndexOf(Text(first)),
            "another stream must not wait for a blocked one");
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(300))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_FAILED_event_does_not_hold_back_the_next_event_of_its_stream()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync();
        var (first, second) = (NewBizId(), NewBizId());
        receiver.Responder = hook => BizId(hook) == Text(first) ? Reply.Error(500) : null;
        await InsertEventsAsync(Server, merchant.MerchantId, receiver.Url,
            ("order:7", first, "PAY_SUCCESS"), ("order:7", second, "PAY_CLOSED"));

        var order = (await receiver.NextAsync(8, Patience)).Select(BizId).ToList();
        order.ShouldBe([.. Enumerable.Repeat(Text(first), 7), Text(second)]);
        var events = await AdminAsync(Server, $"/admin/merchants/{merchant.MerchantId}/events");
        var states = events.EnumerateArray().ToDictionary(e => e.GetProperty("bizIdStr").GetString()!,
            e => e.GetProperty("state").GetString());
        states[Text(first)].ShouldBe("FAILED");
        await WaitForStateAsync(Server, EventId(events.EnumerateArray()
            .First(e => e.GetProperty("bizIdStr").GetString() == Text(second))), "DELIVERED");
    }

    [Fact]
    public async Task A_server_stopped_mid_schedule_delivers_after_the_restart_at_the_stored_time()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Default = Reply.Error(503);
        var first = await TestServer.StartAsync(fixture.Store, o =>
        {
            ServerTuning.FastWebhooks(o);
            o.WebhookRetryMs = [50, 2500, 50, 50, 50, 50];
        });
        long eventId;
        long secondAttemptAtMs;
        try
        {
            var merchant = await first.CreateMerchantAsync();
            await CloseNewOrderAsync(first.Signed(merchant), receiver.Url);
            await receiver.NextAsync(2, Patience);
            eventId = EventId(await LatestEventAsync(first, merchant.MerchantId));
            var pending = await WaitForEventAsync(first, eventId, d => Attempts(d) == 2, "failed twice");
            State(pending).ShouldBe("PENDING");
            secondAttemptAtMs = pending.GetProperty("attempts")[1].GetProperty("attemptedAtMs").GetInt64();
            pending.GetProperty("event").GetProperty("nextAttemptAtMs").GetInt64()
                .ShouldBeGreaterThanOrEqualTo(secondAttemptAtMs + 2500);
        }
        finally
        {
            await first.DisposeAsync();
        }

        receiver.Default = Reply.Success;
        await using var second = await TestServer.StartAsync(fixture.Store, reuse: first.Options);
        var third = await receiver.NextAsync(Patience);
        third.ReceivedAt.ToUnixTimeMilliseconds().ShouldBeGreaterThanOrEqualTo(secondAttemptAtMs + 2500 - 50);
        var delivered = await WaitForStateAsync(second, eventId, "DELIVERED");
        Attempts(delivered).ShouldBe(3);
        delivered.GetProperty("attempts").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Retries_follow_the_server_clock_on_the_default_schedule()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Error(500));
        await using var server = await TestServer.StartAsync(fixture.Store, o =>
        {
            o.WebhookPollIntervalMs = 20;
            o.TimestampWindowMs = 3_600_000; // The fake clock stands still while the test's requests use real time.
        }, clock);
        var merchant = await server.CreateMerchantAsync();
        await CloseNewOrderAsync(server.Signed(merchant), receiver.Url);
        await receiver.NextAsync(Patience);
        var eventId = EventId(await LatestEventAsync(server, merchant.MerchantId));
        await WaitForEventAsync(server, eventId, d => Attempts(d) == 1, "failed once");

        (await receiver.StaysQuietAsync(TimeSpan.FromSeconds(1))).ShouldBeTrue("the clock has not moved");
        clock.Advance(TimeSpan.FromSeconds(14));
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue("14 s < the first retry delay");
        clock.Advance(TimeSpan.FromSeconds(1));
        await receiver.NextAsync(Patience);
        var detail = await WaitForStateAsync(server, eventId, "DELIVERED");
        var log = detail.GetProperty("attempts");
        (log[1].GetProperty("attemptedAtMs").GetInt64() - log[0].GetProperty("attemptedAtMs").GetInt64())
            .ShouldBe(15_000);
    }

    [Fact]
    public async Task Two_nodes_sharing_the_database_deliver_each_event_exactly_once()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var nodeA = await TestServer.StartAsync(fixture.Store, ServerTuning.FastWebhooks);
        await using var nodeB = await TestServer.StartAsync(fixture.Store, reuse: nodeA.Options);
        var merchant = await nodeA.CreateMerchantAsync();
        var ids = Enumerable.Range(0, 60).Select(_ => NewBizId()).ToList();
        await InsertEventsAsync(nodeB, merchant.MerchantId, receiver.Url,
            [.. ids.Select((id, i) => ($"order:{i}", id, "PAY_SUCCESS"))]);

        await receiver.NextAsync(ids.Count, Patience);
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue();
        receiver.All.Select(BizId).Order().ShouldBe(ids.Select(Text).Order());
        // A node records an attempt after the receiver has answered, so on a loaded machine the last records can
        // trail the deliveries: wait until every event is settled, then each must show exactly one attempt.
        var deadline = DateTime.UtcNow + Patience;
        var events = await AdminAsync(nodeA, $"/admin/merchants/{merchant.MerchantId}/events?limit=200");
        while (events.EnumerateArray().Any(e => e.GetProperty("state").GetString() == "PENDING")
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            events = await AdminAsync(nodeA, $"/admin/merchants/{merchant.MerchantId}/events?limit=200");
        }

        events.EnumerateArray().Count().ShouldBe(ids.Count);
        events.EnumerateArray().ShouldAllBe(e => e.GetProperty("attempts").GetInt32() == 1);
    }
}

public sealed class SqliteWebhookDurabilityTests(SqliteWebhookServer fixture)
    : WebhookDurabilityTests(fixture), IClassFixture<SqliteWebhookServer>;

public sealed class PostgresWebhookDurabilityTests(PostgresWebhookServer fixture)
    : WebhookDurabilityTests(fixture), IClassFixture<PostgresWebhookServer>;
