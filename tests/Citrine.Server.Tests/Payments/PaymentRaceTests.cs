using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>
/// Races over real HTTP, 64 requests in flight (docs/architecture.md#race-tests). The database decides every race; the
/// auditor checks the ledger afterwards. Durations are printed for the report.
/// </summary>
public abstract class PaymentRaceTests(Store store, ITestOutputHelper output)
{
    private const int InFlight = 64;
    private const int OrderCount = 1000;

    [Fact]
    public async Task Pay_close_and_expiry_race_has_exactly_one_winner_per_order()
    {
        await using var server = await TestServer.StartAsync(store, o =>
        {
            o.SweepIntervalMs = 50;
            LimitPool(o);
        });
        var client = server.Signed(await server.CreateMerchantAsync());
        var buyerId = await server.CreateBuyerAsync("Racer", new() { ["USDT"] = "100000" });
        var clock = Stopwatch.StartNew();

        // Every 10th order expires 20 minutes from now; half-way through the race the sandbox clock jumps 30 minutes,
        // so the sweeper expires those not yet decided while their pay and close are in flight. Every 7th order is
        // also raced by the expire-now helper.
        var expireSoon = DateTimeOffset.UtcNow.AddMinutes(20).ToUnixTimeMilliseconds();
        var prepayIds = await ForAllAsync(OrderCount, async i =>
        {
            var body = Orders.V2(amount: 1m);
            if (i % 10 == 0)
            {
                body["orderExpireTime"] = expireSoon;
            }

            return await client.CreateOrderAsync(body);
        });
        var createdMs = clock.ElapsedMilliseconds;
        clock.Restart();

        var pays = new ConcurrentDictionary<long, string>();
        var closes = new ConcurrentDictionary<long, string>();
        var expires = new ConcurrentDictionary<long, string>();
        using var gate = new SemaphoreSlim(InFlight);
        var racers = new List<Task>();
        for (var i = 0; i < OrderCount; i++)
        {
            if (i == OrderCount / 2)
            {
                (await server.AdminPostAsync("/sandbox/clock/advance", new { advanceMs = 30 * 60 * 1000 })).Code
                    .ShouldBe("000000");
            }

            // Take the slots of all of an order's racers first, then start them together.
            var prepayId = prepayIds[i];
            var id = prepayId.ToString(CultureInfo.InvariantCulture);
            var withExpire = i % 7 == 0;
            for (var slot = 0; slot < (withExpire ? 3 : 2); slot++)
            {
                await gate.WaitAsync();
            }

            // Paying takes more reads than closing before its decisive update: let pay start first on odd orders.
            var pay = () => Released(gate, async () =>
                pays[prepayId] = (await client.SandboxPayAsync(prepayId, buyerId)).Code);
            var close = () => Released(gate, async () => closes[prepayId] = (await client.CloseAsync(prepayId)).Code);
            racers.AddRange(i % 2 == 1 ? [pay(), close()] : [close(), pay()]);
            if (withExpire)
            {
                racers.Add(Released(gate, async () => expires[prepayId] =
                    (await client.PostAsync("/sandbox/orders/expire", new { prepayId = id })).Code));
            }
        }

        await Task.WhenAll(racers);
        var racedMs = clock.ElapsedMilliseconds;

        // Let the sweeper finish any overdue order nobody won.
        await Task.Delay(500);
        var statuses = (await server.QueryDbAsync("SELECT prepay_id, status FROM orders WHERE merchant_id = @m",
                r => (r.GetInt64(0), r.GetString(1)), ("@m", client.Merchant.MerchantId)))
            .ToDictionary(r => r.Item1, r => r.Item2);
        var events = await server.QueryDbAsync(
            "SELECT biz_id, biz_status FROM webhook_outbox WHERE merchant_id = @m",
            r => (r.GetInt64(0), r.GetString(1)), ("@m", client.Merchant.MerchantId));

        statuses.Count.ShouldBe(OrderCount);
        foreach (var prepayId in prepayIds)
        {
            var status = statuses[prepayId];
            var pay = pays[prepayId];
            var close = closes[prepayId];
            var expire = expires.GetValueOrDefault(prepayId, "400204");
            new[] { pay, close, expire }.ShouldAllBe(code => code == "000000" || code == "400204",
                $"order {prepayId}: pay {pay}, close {close}, expire {expire}");
            new[] { pay, close, expire }.Count(code => code == "000000").ShouldBeLessThanOrEqualTo(1);
            var expected = status switch
            {
                "PAID" => pay == "000000",
                "CANCELED" => close == "000000",
                "EXPIRED" => pay != "000000" && close != "000000",
                _ => false,
            };
            expected.ShouldBeTrue($"order {prepayId} is {status}: pay {pay}, close {close}, expire {expire}");
            var orderEvents = events.Where(e => e.Item1 == prepayId).Select(e => e.Item2).ToList();
            orderEvents.ShouldBe(status == "PAID" ? ["PAY_SUCCESS"] : ["PAY_CLOSED"],
                $"order {prepayId} is {status}");
        }

        var paid = statuses.Values.Count(s => s == "PAID");
        var canceled = statuses.Values.Count(s => s == "CANCELED");
        var expired = statuses.Values.Count(s => s == "EXPIRED");
        output.WriteLine(
            $"{store}: created {OrderCount} orders in {createdMs} ms; raced {racers.Count} requests in {racedMs} ms " +
            $"({InFlight} in flight): PAID {paid}, CANCELED {canceled}, EXPIRED {expired}");
        paid.ShouldBeGreaterThan(0);
        canceled.ShouldBeGreaterThan(0);
        expired.ShouldBeGreaterThan(0);
        (await server.BuyerBalancesAsync(buyerId))["USDT"]
            .ShouldBe((100000 - paid).ToString("0.00000000", CultureInfo.InvariantCulture));
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Overdraft_a_buyer_with_100_units_pays_exactly_100_of_1000_one_unit_orders()
    {
        await using var server = await TestServer.StartAsync(store, LimitPool);
        var client = server.Signed(await server.CreateMerchantAsync());
        var buyerId = await server.CreateBuyerAsync("Flexcoin", new() { ["USDT"] = "0.000001" });
        var clock = Stopwatch.StartNew();
        var prepayIds = await ForAllAsync(OrderCount, _ =>
        {
            var body = Orders.V3();
            body["orderAmount"] = "0.00000001";
            return client.CreateOrderAsync(body, "/binancepay/openapi/v3/order");
        });
        var createdMs = clock.ElapsedMilliseconds;
        clock.Restart();

        using var sampling = new CancellationTokenSource();
        var lowest = long.MaxValue;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var units = await server.BalanceUnitsAsync($"buyer:{buyerId}", "USDT");
                lowest = Math.Min(lowest, units);
                await Task.Delay(5);
            }
        });
        var codes = await ForAllAsync(OrderCount, async i => (await client.SandboxPayAsync(prepayIds[i], buyerId)).Code);
        var paidMs = clock.ElapsedMilliseconds;
        await sampling.CancelAsync();
        await sampler;

        output.WriteLine($"{store}: created {OrderCount} orders in {createdMs} ms; {OrderCount} concurrent payments " +
                         $"({InFlight} in flight) in {paidMs} ms; lowest sampled balance {lowest} units");
        codes.Count(c => c == "000000").ShouldBe(100);
        codes.Count(c => c == "409001").ShouldBe(900);
        lowest.ShouldBeGreaterThanOrEqualTo(0);
        (await server.BalanceUnitsAsync($"buyer:{buyerId}", "USDT")).ShouldBe(0);
        (await server.QueryDbAsync("SELECT COUNT(*) FROM orders WHERE status = 'PAID'", r => r.GetInt64(0)))
            .Single().ShouldBe(100);
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    /// <summary>64 requests in flight need far fewer connections than that (<see cref="PaymentServer"/>).</summary>
    private static void LimitPool(Citrine.Application.CitrineOptions options) => ServerTuning.Busy(options, 16);

    private static async Task<T[]> ForAllAsync<T>(int count, Func<int, Task<T>> work)
    {
        using var gate = new SemaphoreSlim(InFlight);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await work(i);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Runs work that already holds a slot of <paramref name="gate"/>, and gives the slot back.</summary>
    private static async Task Released(SemaphoreSlim gate, Func<Task> work)
    {
        try
        {
            await Task.Yield();
            await work();
        }
        finally
        {
            gate.Release();
        }
    }
}

public sealed class SqlitePaymentRaceTests(ITestOutputHelper output) : PaymentRaceTests(Store.Sqlite, output);

public sealed class PostgresPaymentRaceTests(ITestOutputHelper output) : PaymentRaceTests(Store.Postgres, output);
