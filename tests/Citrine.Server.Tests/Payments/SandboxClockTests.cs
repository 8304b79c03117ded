using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>
/// The sandbox clock: advancing it makes the sweeper expire orders, moves business time for every node of the
/// database, and leaves request authentication on the wall clock. Each test owns its server (the clock is
/// server-wide).
/// </summary>
public abstract class SandboxClockTests(Store store)
{
    [Fact]
    public async Task Advancing_the_clock_past_expireTime_lets_the_sweeper_expire_the_order()
    {
        await using var server = await TestServer.StartAsync(store, ServerTuning.Busy);
        var client = server.Signed(await server.CreateMerchantAsync());
        var buyerId = await server.CreateBuyerAsync("Alice", new() { ["USDT"] = "100" });
        var body = Orders.V2();
        body["orderExpireTime"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds();
        var prepayId = await client.CreateOrderAsync(body);

        var advanced = await client.PostAsync("/sandbox/clock/advance", new { advanceMs = 11 * 60 * 1000 });
        advanced.Code.ShouldBe("000000", advanced.ToString());
        advanced.Data.GetProperty("offsetMs").GetInt64().ShouldBe(11 * 60 * 1000);

        // The sweeper (not a query, which would expire lazily) must move it: watch the row.
        var status = "";
        for (var i = 0; i < 100 && status != "EXPIRED"; i++)
        {
            await Task.Delay(50);
            status = (await server.QueryDbAsync("SELECT status FROM orders WHERE prepay_id = @p", r => r.GetString(0),
                ("@p", prepayId))).Single();
        }

        status.ShouldBe("EXPIRED");
        var query = await client.QueryAsync(prepayId);
        query.Code.ShouldBe("000000", "signed requests still authenticate after the advance: " + query);
        query.Data.GetProperty("status").GetString().ShouldBe("EXPIRED");
        (await server.OutboxOfAsync(prepayId)).Single().BizStatus.ShouldBe("PAY_CLOSED");
        var pay = await client.SandboxPayAsync(prepayId, buyerId);
        pay.Code.ShouldBe("400204");
        pay.ErrorMessage!.ShouldContain("EXPIRED");
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Advancing_the_clock_makes_a_webhook_retry_come_due_without_waiting()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Error(500)); // then the default: success
        await using var server = await TestServer.StartAsync(store, o =>
        {
            ServerTuning.Busy(o);
            o.WebhookPollIntervalMs = 50;
        });
        var client = server.Signed(await server.CreateMerchantAsync());
        var buyerId = await server.CreateBuyerAsync("Alice", new() { ["USDT"] = "100" });
        var body = Orders.V2(amount: 1m);
        body["webhookUrl"] = receiver.Url;
        var prepayId = await client.CreateOrderAsync(body);
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");

        var first = await receiver.NextAsync(TimeSpan.FromSeconds(20));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        (await receiver.StaysQuietAsync(TimeSpan.FromSeconds(2))).ShouldBeTrue("the first retry is due 15 s later");
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = 16_000 })).Code.ShouldBe("000000");

        var second = await receiver.NextAsync(TimeSpan.FromSeconds(8));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(12), "the retry came with the clock, not after 15 s");
        second.BodyText.ShouldBe(first.BodyText);
        second.BodyText.ShouldContain("PAY_SUCCESS");
    }

    [Fact]
    public async Task An_order_still_inside_its_lifetime_stays_open_after_a_smaller_advance()
    {
        await using var server = await TestServer.StartAsync(store, ServerTuning.Busy);
        var client = server.Signed(await server.CreateMerchantAsync());
        var prepayId = await client.CreateOrderAsync();

        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = 30 * 60 * 1000 })).Code.ShouldBe("000000");
        await Task.Delay(3 * server.Options.SweepIntervalMs);
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
    }

    [Fact]
    public async Task New_orders_take_their_times_from_the_sandbox_clock()
    {
        await using var server = await TestServer.StartAsync(store, ServerTuning.Busy);
        var client = server.Signed(await server.CreateMerchantAsync());
        const long AdvanceMs = 5L * 24 * 3600 * 1000;
        (await server.AdminPostAsync("/sandbox/clock/advance", new { advanceMs = AdvanceMs })).Code.ShouldBe("000000");

        var clock = await client.PostAsync("/sandbox/clock", new { });
        var sandboxNow = clock.Data.GetProperty("nowMs").GetInt64();
        sandboxNow.ShouldBeGreaterThanOrEqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + AdvanceMs - 1000);
        var prepayId = await client.CreateOrderAsync();
        var created = (await client.QueryAsync(prepayId)).Data.GetProperty("createTime").GetInt64();
        created.ShouldBeGreaterThanOrEqualTo(sandboxNow);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(400L * 24 * 3600 * 1000)]
    public async Task The_clock_only_moves_forward_and_within_a_year(long advanceMs)
    {
        await using var server = await TestServer.StartAsync(store, ServerTuning.Busy);
        var client = server.Signed(await server.CreateMerchantAsync());
        var answer = await client.PostAsync("/sandbox/clock/advance", new { advanceMs });
        answer.Code.ShouldBe("400102");
        (await client.PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task The_offset_is_kept_in_the_database_so_a_second_node_and_a_restart_agree()
    {
        await using var first = await TestServer.StartAsync(store, ServerTuning.Busy);
        await using var second = await TestServer.StartAsync(store, reuse: Shared(first));
        (await first.AdminPostAsync("/sandbox/clock/advance", new { advanceMs = 3_600_000 })).Code.ShouldBe("000000");

        long offset = 0;
        for (var i = 0; i < 100 && offset != 3_600_000; i++)
        {
            await Task.Delay(50);
            offset = (await second.AdminPostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64();
        }

        offset.ShouldBe(3_600_000);
        await using var restarted = await TestServer.StartAsync(store, reuse: Shared(first));
        (await restarted.AdminPostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64()
            .ShouldBe(3_600_000, "read at start, before the first refresh tick");
    }

    // Another server over the same database (PostgreSQL) or the same data directory (SQLite, whose file lock serialises
    // the two writers): a second node, or the same node after a restart.
    private static Citrine.Application.CitrineOptions Shared(TestServer server) => new()
    {
        Storage = server.Options.Storage,
        DataDirectory = server.Options.DataDirectory,
        PostgresConnectionString = server.Options.PostgresConnectionString,
        AdminToken = server.Options.AdminToken,
        SweepIntervalMs = server.Options.SweepIntervalMs,
    };
}

public sealed class SqliteSandboxClockTests() : SandboxClockTests(Store.Sqlite);

public sealed class PostgresSandboxClockTests() : SandboxClockTests(Store.Postgres);
