using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>
/// The per-merchant sandbox clock (issue 12): a merchant's advance moves only its own orders, contracts and clock; the
/// administrator's server-wide advance moves everyone; a second node agrees at once; a reset deletes what a
/// background loop could touch and keeps the clock. Each test owns its server, as the server-wide clock is shared.
/// </summary>
public abstract partial class MerchantClockTests(Store store)
{
    private const long Hour = 3_600_000;

    [Fact]
    public async Task A_merchants_advance_expires_its_own_orders_and_leaves_another_merchants_alone()
    {
        await using var receiverA = await LoopbackReceiver.StartAsync();
        await using var receiverB = await LoopbackReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(store, Fast);
        var a = server.Signed(await server.CreateMerchantAsync("A", receiverA.Url));
        var b = server.Signed(await server.CreateMerchantAsync("B", receiverB.Url));
        var orderA = await a.CreateOrderAsync(InRealMinutes(15));
        var orderB = await b.CreateOrderAsync(InRealMinutes(15));

        var advanced = await a.PostAsync("/sandbox/clock/advance", new { advanceMs = Hour });
        advanced.Code.ShouldBe("000000", advanced.ToString());
        advanced.Data.GetProperty("merchantOffsetMs").GetInt64().ShouldBe(Hour);

        var closed = await receiverA.NextAsync(TimeSpan.FromSeconds(20));
        closed.BodyText.ShouldContain("PAY_CLOSED");
        closed.BodyText.ShouldContain(orderA.ToString(CultureInfo.InvariantCulture));
        (await StatusAsync(server, orderA)).ShouldBe("EXPIRED");
        await Task.Delay(3 * server.Options.SweepIntervalMs);
        (await StatusAsync(server, orderB)).ShouldBe("INITIAL", "B's clock did not move");
        (await receiverB.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue("B gets no PAY_CLOSED");
        (await b.QueryAsync(orderB)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");

        var createB = await b.PostAsync("/binancepay/openapi/v2/order", InRealMinutes(15));
        createB.Code.ShouldBe("000000", "B's create with real now + 15 min: " + createB);
        var createA = await a.PostAsync("/binancepay/openapi/v2/order", InRealMinutes(15));
        createA.Code.ShouldBe("400102", "for A, real now + 15 min is in the past: " + createA);

        var clockA = (await a.PostAsync("/sandbox/clock", new { })).Data;
        clockA.GetProperty("merchantId").GetInt64().ShouldBe(a.Merchant.MerchantId);
        clockA.GetProperty("offsetMs").GetInt64().ShouldBe(Hour);
        clockA.GetProperty("merchantOffsetMs").GetInt64().ShouldBe(Hour);
        clockA.GetProperty("serverOffsetMs").GetInt64().ShouldBe(0);
        clockA.GetProperty("nowMs").GetInt64().ShouldBeGreaterThanOrEqualTo(
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + Hour - 1000);
        var clockB = (await b.PostAsync("/sandbox/clock", new { })).Data;
        clockB.GetProperty("offsetMs").GetInt64().ShouldBe(0);
        clockB.GetProperty("merchantOffsetMs").GetInt64().ShouldBe(0);
        (await server.AdminPostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64()
            .ShouldBe(0, "a merchant's advance is not server-wide");
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_administrators_advance_moves_every_merchant_on_top_of_their_own_offsets()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        var a = server.Signed(await server.CreateMerchantAsync("A"));
        var b = server.Signed(await server.CreateMerchantAsync("B"));
        (await a.PostAsync("/sandbox/clock/advance", new { advanceMs = Hour })).Code.ShouldBe("000000");
        var orderA = await a.CreateOrderAsync(InClockMinutes(await NowAsync(a), 20));
        var orderB = await b.CreateOrderAsync(InRealMinutes(20));

        var admin = await server.AdminPostAsync("/sandbox/clock/advance", new { advanceMs = Hour / 2 });
        admin.Code.ShouldBe("000000", admin.ToString());
        admin.Data.TryGetProperty("merchantId", out _).ShouldBeFalse("the server-wide clock has no merchant");
        admin.Data.GetProperty("offsetMs").GetInt64().ShouldBe(Hour / 2);

        (await EventuallyStatusAsync(server, orderA, "EXPIRED")).ShouldBe("EXPIRED");
        (await EventuallyStatusAsync(server, orderB, "EXPIRED")).ShouldBe("EXPIRED");
        var clockA = (await a.PostAsync("/sandbox/clock", new { })).Data;
        clockA.GetProperty("offsetMs").GetInt64().ShouldBe(Hour + Hour / 2);
        clockA.GetProperty("serverOffsetMs").GetInt64().ShouldBe(Hour / 2);
        clockA.GetProperty("merchantOffsetMs").GetInt64().ShouldBe(Hour);
        (await b.PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64().ShouldBe(Hour / 2);
        var named = await server.AdminPostAsync("/sandbox/clock", new { merchantId = a.Merchant.MerchantId });
        named.Data.GetProperty("offsetMs").GetInt64().ShouldBe(Hour + Hour / 2);
        (await server.AdminPostAsync("/sandbox/clock", new { merchantId = 999_999_999L })).Code.ShouldBe("400001");
    }

    [Fact]
    public async Task A_merchant_cannot_move_or_read_another_merchants_clock()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        var a = server.Signed(await server.CreateMerchantAsync("A"));
        var b = server.Signed(await server.CreateMerchantAsync("B"));
        var orderB = await b.CreateOrderAsync(InRealMinutes(15));

        // merchantId is an administrator's field: from a merchant it is ignored, as /sandbox/reset ignores it.
        var advanced = await a.PostAsync("/sandbox/clock/advance",
            new { advanceMs = Hour, merchantId = b.Merchant.MerchantId });
        advanced.Code.ShouldBe("000000", advanced.ToString());
        advanced.Data.GetProperty("merchantId").GetInt64().ShouldBe(a.Merchant.MerchantId);
        var read = await a.PostAsync("/sandbox/clock", new { merchantId = b.Merchant.MerchantId });
        read.Data.GetProperty("merchantId").GetInt64().ShouldBe(a.Merchant.MerchantId);
        read.Data.GetProperty("offsetMs").GetInt64().ShouldBe(Hour);

        (await b.PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64().ShouldBe(0);
        await Task.Delay(3 * server.Options.SweepIntervalMs);
        (await StatusAsync(server, orderB)).ShouldBe("INITIAL");
        (await server.QueryDbAsync("SELECT merchant_id FROM sandbox_merchant_clock", r => r.GetInt64(0)))
            .ShouldBe([a.Merchant.MerchantId]);
    }

    [Fact]
    public async Task A_second_node_agrees_on_a_merchants_offset_at_once()
    {
        await using var first = await TestServer.StartAsync(store, Fast);
        // Another server over the same database (PostgreSQL) or data directory (SQLite), with the same master key.
        await using var second = await TestServer.StartAsync(store, reuse: first.Options);
        var merchant = await first.CreateMerchantAsync("A");
        var other = await first.CreateMerchantAsync("B");
        (await first.Signed(merchant).PostAsync("/sandbox/clock/advance", new { advanceMs = Hour })).Code
            .ShouldBe("000000");

        var onSecond = second.Signed(merchant);
        var clock = await onSecond.PostAsync("/sandbox/clock", new { });
        clock.Code.ShouldBe("000000", clock.ToString());
        clock.Data.GetProperty("offsetMs").GetInt64().ShouldBe(Hour);
        (await onSecond.PostAsync("/binancepay/openapi/v2/order", InRealMinutes(15))).Code
            .ShouldBe("400102", "the second node judges A's orderExpireTime by A's clock");
        (await second.Signed(other).PostAsync("/binancepay/openapi/v2/order", InRealMinutes(15))).Code
            .ShouldBe("000000");
        (await second.Signed(other).PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64()
            .ShouldBe(0);
        await using var restarted = await TestServer.StartAsync(store, reuse: first.Options);
        (await restarted.Signed(merchant).PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs")
            .GetInt64().ShouldBe(Hour);
    }

    [Fact]
    public async Task The_checkout_page_counts_down_by_the_orders_merchant_clock()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        var a = server.Signed(await server.CreateMerchantAsync("A"));
        (await a.PostAsync("/sandbox/clock/advance", new { advanceMs = 2 * Hour })).Code.ShouldBe("000000");
        var created = await a.PostAsync("/binancepay/openapi/v2/order", InClockMinutes(await NowAsync(a), 10));
        created.Code.ShouldBe("000000", created.ToString());

        var html = await server.Http.GetStringAsync(new Uri(created.Data.GetProperty("checkoutUrl").GetString()!));
        var remainingMs = long.Parse(RemainingMs().Match(html).Groups[1].Value, CultureInfo.InvariantCulture);
        remainingMs.ShouldBeInRange(8 * 60_000, 10 * 60_000, "10 min by A's clock, not 2 h 10 min by the wall clock");
    }

    [Fact]
    public async Task Reset_deletes_what_the_loops_could_touch_keeps_the_clock_and_spares_other_merchants()
    {
        await using var server = await TestServer.StartAsync(store, Fast);
        var a = await server.NewDirectDebitMerchantAsync();
        var b = await server.NewDirectDebitMerchantAsync();
        (await a.PostAsync("/sandbox/clock/advance", new { advanceMs = Hour })).Code.ShouldBe("000000");
        await a.CreateOrderAsync(InClockMinutes(await NowAsync(a), 30));
        await a.CreateContractAsync();
        var orderB = await b.CreateOrderAsync(InRealMinutes(30));
        var contractB = ContractBodies.NewCode();
        await b.CreateContractAsync(ContractBodies.OneOff(contractB));

        var reset = await a.PostAsync("/sandbox/reset", new { merchantId = b.Merchant.MerchantId });
        reset.Code.ShouldBe("000000", reset.ToString());
        reset.Data.GetProperty("merchantId").GetInt64().ShouldBe(a.Merchant.MerchantId);
        reset.Data.GetProperty("ordersDeleted").GetInt32().ShouldBe(1);
        reset.Data.GetProperty("contractsDeleted").GetInt32().ShouldBe(1);

        foreach (var table in new[] { "orders", "direct_debit_contracts", "refunds", "webhook_outbox" })
        {
            (await server.QueryDbAsync($"SELECT COUNT(*) FROM {table} WHERE merchant_id = @m", r => r.GetInt64(0),
                ("@m", a.Merchant.MerchantId))).Single().ShouldBe(0, table);
        }

        (await a.PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64()
            .ShouldBe(Hour, "a reset keeps the merchant's clock: it only moves forward");
        (await b.QueryAsync(orderB)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
        (await b.QueryByCodeAsync(contractB)).Code.ShouldBe("000000");
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    private static void Fast(Citrine.Application.CitrineOptions options)
    {
        ServerTuning.Busy(options);
        options.WebhookPollIntervalMs = 50;
    }

    private static Dictionary<string, object?> InRealMinutes(int minutes) =>
        InClockMinutes(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), minutes);

    private static Dictionary<string, object?> InClockMinutes(long nowMs, int minutes)
    {
        var body = Orders.V2();
        body["orderExpireTime"] = nowMs + minutes * 60_000L;
        return body;
    }

    private static async Task<long> NowAsync(SignedHttp client) =>
        (await client.PostAsync("/sandbox/clock", new { })).Data.GetProperty("nowMs").GetInt64();

    private static async Task<string> StatusAsync(TestServer server, long prepayId) =>
        (await server.QueryDbAsync("SELECT status FROM orders WHERE prepay_id = @p", r => r.GetString(0),
            ("@p", prepayId))).Single();

    // The sweeper (not a query, which would expire lazily) must move it: watch the row.
    private static async Task<string> EventuallyStatusAsync(TestServer server, long prepayId, string expected)
    {
        var status = "";
        for (var i = 0; i < 200 && status != expected; i++)
        {
            await Task.Delay(50);
            status = await StatusAsync(server, prepayId);
        }

        return status;
    }

    [GeneratedRegex("data-remaining-ms=\"([0-9]+)\"")]
    private static partial Regex RemainingMs();
}

public sealed class SqliteMerchantClockTests() : MerchantClockTests(Store.Sqlite);

public sealed class PostgresMerchantClockTests() : MerchantClockTests(Store.Postgres);
