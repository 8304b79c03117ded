using System.Collections.Concurrent;
using System.Diagnostics;
using Citrine.Testing;
using static Citrine.Server.Tests.Backpressure.BusyKit;

namespace Citrine.Server.Tests.Backpressure;

/// <summary>
/// Saturation (issue 12 §6, docs/architecture.md#backpressure): a server whose write queue holds
/// <see cref="Capacity"/> writes, driven by three times as many concurrent creates. Behaviour is asserted, not
/// timings: the requests beyond the queue get the documented busy answer (HTTP 429, <c>409901</c>, envelope,
/// <c>Retry-After</c>) while the writer is still held, so they did not wait for it; nothing answers 5xx; every accepted
/// order is committed and no refused one is; the queue never holds more than its capacity; and the server serves
/// normally afterwards. Two bounds say "bounded", not "fast" (speed is `citrine bench`'s): the managed heap grows by
/// less than <see cref="HeapGrowthMax"/> under the load, and the 99th percentile of accepted requests stays under
/// <see cref="AcceptedP99Max"/>; an unbounded queue breaks both within seconds. The heap is the test process's, so
/// the tests run alone (<see cref="HeapMeasurement"/>): suites running beside them once grew it by 550 MB.
/// </summary>
public abstract class SaturationTests(Store store)
{
    private const int Capacity = 4;
    private const int Clients = 3 * Capacity;
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(10);
    private const long HeapGrowthMax = 256L * 1024 * 1024;
    private static readonly TimeSpan AcceptedP99Max = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Three_times_the_write_queue_gets_busy_answers_never_a_5xx_commits_what_it_accepted_and_recovers()
    {
        await using var server = await TestServer.StartAsync(store, o =>
        {
            ServerTuning.Busy(o, poolMax: 12);
            o.WriteQueueCapacity = Capacity;
        });
        var merchant = await server.CreateMerchantAsync();
        var replies = new ConcurrentBag<(string TradeNo, Outcome Outcome)>();
        var acceptedLatencies = new ConcurrentBag<TimeSpan>();
        var measuring = false;

        async Task<Outcome> CreateAsync()
        {
            var body = Orders.V2();
            var started = Stopwatch.GetTimestamp();
            var reply = await PostAsync(server.Http, merchant, CreateV2, body);
            if (Volatile.Read(ref measuring) && reply.Answer.Code == "000000")
            {
                acceptedLatencies.Add(Stopwatch.GetElapsedTime(started));
            }

            replies.Add(((string)body["merchantTradeNo"]!, reply));
            return reply;
        }

        // 1. The database held by Capacity writes of the test itself (not requests, so they wait for room instead of
        //    being refused): on SQLite they block the one writer and fill the queue, on PostgreSQL they are the
        //    writes in flight. Three times Capacity creates then arrive.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holders = Enumerable.Range(0, Capacity).Select(_ => server.Database.WriteAsync(async (_, _) =>
        {
            await gate.Task;
            return 0;
        }, CancellationToken.None)).ToList();
        var burst = Enumerable.Range(0, Clients).Select(_ => CreateAsync()).ToList();

        // At most Capacity of them can be queued, so at least the rest are answered while the writer is held.
        var deadline = Stopwatch.StartNew();
        while (burst.Count(t => t.IsCompleted) < Clients - Capacity)
        {
            deadline.Elapsed.ShouldBeLessThan(Patience, "the requests beyond the queue were not answered at once");
            await Task.Delay(20);
        }

        var early = burst.Where(t => t.IsCompleted).Select(t => t.Result).ToList();
        early.Count.ShouldBeGreaterThanOrEqualTo(Clients - Capacity);
        foreach (var reply in early)
        {
            reply.ShouldBeBusy();
        }

        gate.SetResult();
        await Task.WhenAll(holders);
        await Task.WhenAll(burst);

        // 2. Sustained load: Clients creating without pause for ten seconds (issue 12) while the queue depth is sampled.
        var depthMax = 0;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var heapMax = heapBefore;
        Volatile.Write(ref measuring, true);
        using var stop = new CancellationTokenSource(LoadFor);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                depthMax = Math.Max(depthMax, server.Database.PendingWrites);
                heapMax = Math.Max(heapMax, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(1);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CreateAsync();
            }
        })));
        await sampler;

        // Every answer is an accepted order or the documented busy answer; never a 5xx.
        var all = replies.ToList();
        all.ShouldAllBe(r => (int)r.Outcome.Answer.HttpStatus < 500, Summary(all.Select(r => r.Outcome)));
        all.ShouldAllBe(r => r.Outcome.Answer.Code == "000000" || r.Outcome.IsBusy, Summary(all.Select(r => r.Outcome)));
        foreach (var (_, reply) in all.Where(r => r.Outcome.IsBusy))
        {
            reply.ShouldBeBusy();
        }

        depthMax.ShouldBeLessThanOrEqualTo(Capacity);
        (heapMax - heapBefore).ShouldBeLessThan(HeapGrowthMax, "managed heap growth under saturation");
        var latencies = acceptedLatencies.OrderBy(t => t).ToList();
        latencies.ShouldNotBeEmpty();
        var p99 = latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)];
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"saturation ({store}): {latencies.Count} accepted, {all.Count(r => r.Outcome.IsBusy)} busy, p99 {p99.TotalMilliseconds:F0} ms, " +
            $"heap +{(heapMax - heapBefore) / (1024 * 1024)} MiB, queue depth max {depthMax}");
        p99.ShouldBeLessThan(AcceptedP99Max, $"p99 of {latencies.Count} accepted creates under saturation");

        // Exactly the accepted orders are committed: none lost, none written by a refused request.
        var accepted = all.Where(r => r.Outcome.Answer.Code == "000000").Select(r => r.TradeNo).ToHashSet();
        accepted.ShouldNotBeEmpty();
        var stored = await server.QueryDbAsync("SELECT merchant_trade_no FROM orders WHERE merchant_id = @m",
            r => r.GetString(0), ("@m", merchant.MerchantId));
        stored.ToHashSet().SetEquals(accepted).ShouldBeTrue(
            $"{stored.Count} stored, {accepted.Count} accepted, {all.Count(r => r.Outcome.IsBusy)} refused");

        // 3. Recovery: the next request is served.
        var after = await CreateAsync();
        after.Answer.Code.ShouldBe("000000", after.ToString());
    }
}

/// <summary>Runs alone, after the parallel suites: the heap bound measures the whole test process.</summary>
[CollectionDefinition(nameof(HeapMeasurement), DisableParallelization = true)]
public sealed class HeapMeasurement;

[Collection(nameof(HeapMeasurement))]
public sealed class SqliteSaturationTests() : SaturationTests(Store.Sqlite);

[Collection(nameof(HeapMeasurement))]
public sealed class PostgresSaturationTests() : SaturationTests(Store.Postgres);
