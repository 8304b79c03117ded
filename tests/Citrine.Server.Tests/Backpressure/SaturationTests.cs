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
/// normally afterwards.
/// </summary>
public abstract class SaturationTests(Store store)
{
    private const int Capacity = 4;
    private const int Clients = 3 * Capacity;
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(3);

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

        async Task<Outcome> CreateAsync()
        {
            var body = Orders.V2();
            var reply = await PostAsync(server.Http, merchant, CreateV2, body);
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

        // 2. Sustained load: Clients creating without pause for a few seconds while the queue depth is sampled.
        var depthMax = 0;
        using var stop = new CancellationTokenSource(LoadFor);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                depthMax = Math.Max(depthMax, server.Database.PendingWrites);
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

public sealed class SqliteSaturationTests() : SaturationTests(Store.Sqlite);

public sealed class PostgresSaturationTests() : SaturationTests(Store.Postgres);
