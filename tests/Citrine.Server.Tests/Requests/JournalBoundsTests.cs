using System.Diagnostics.Metrics;
using Citrine.Application;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Tests.Requests;

/// <summary>
/// The journal's bounds with small settings: <c>Citrine:Journal:MaxPerMerchant</c> pruned by the background loop
/// keeps each merchant's newest entries only; a full queue (<c>Citrine:Journal:QueueCapacity</c>) drops entries and
/// counts them in <c>citrine_journal_dropped_total</c> instead of holding requests back.
/// </summary>
public abstract class JournalPruningTests(ServerFixture fixture)
{
    public static void Tune(CitrineOptions options)
    {
        options.Journal.MaxPerMerchant = 3;
        options.Journal.PruneIntervalMs = 50;
    }

    [Fact]
    public async Task Each_merchant_keeps_only_its_newest_entries()
    {
        var server = fixture.Server;
        var merchant = await server.CreateMerchantAsync();
        var other = await server.CreateMerchantAsync();
        var tradeNos = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var tradeNo = Orders.NewTradeNo();
            tradeNos.Add(tradeNo);
            (await server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", Orders.V2(tradeNo))).Code
                .ShouldBe("000000");
        }

        (await server.Signed(other).PostAsync("/binancepay/openapi/certificates", new { })).Code.ShouldBe("000000");

        var client = JournalKit.Client(server, merchant);
        // Six were written; the pruner leaves the newest three, whichever batch they arrived in.
        var kept = await JournalKit.WaitAsync(client, p => p.Entries.Count == 3
            && p.Entries.All(e => tradeNos.Skip(3).Any(t => e.BodyExcerpt!.Contains(t, StringComparison.Ordinal))));
        kept.Entries.Select(e => tradeNos.FindIndex(t => e.BodyExcerpt!.Contains(t, StringComparison.Ordinal)))
            .ShouldBe([5, 4, 3]);
        (await JournalKit.WaitAsync(JournalKit.Client(server, other), p => p.Entries.Count == 1)).Entries
            .ShouldHaveSingleItem();
    }
}

public sealed class SqlitePruningServer() : ServerFixture(Store.Sqlite, JournalPruningTests.Tune);

public sealed class PostgresPruningServer() : ServerFixture(Store.Postgres, JournalPruningTests.Tune);

public sealed class SqliteJournalPruningTests(SqlitePruningServer fixture)
    : JournalPruningTests(fixture), IClassFixture<SqlitePruningServer>;

public sealed class PostgresJournalPruningTests(PostgresPruningServer fixture)
    : JournalPruningTests(fixture), IClassFixture<PostgresPruningServer>;

/// <summary>A queue of two entries, and a writer that waits three seconds before it drains: ten requests at once
/// overflow it. The requests all succeed; what did not fit is counted, not stored.</summary>
public abstract class JournalDropTests(Store store)
{
    private const int Requests = 10;

    [Fact]
    public async Task A_full_queue_drops_entries_counts_them_and_never_fails_a_request()
    {
        await using var server = await TestServer.StartAsync(store, o =>
        {
            o.Journal.QueueCapacity = 2;
            o.Journal.FlushIntervalMs = 3000;
        });
        // citrine.journal.dropped (citrine_journal_dropped_total) of this server's meter only: other test servers in
        // the process have meters of the same name.
        var meters = server.App.Services.GetRequiredService<IMeterFactory>();
        long dropped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "citrine.journal.dropped" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        var merchant = await server.CreateMerchantAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ =>
            server.Signed(merchant).PostAsync("/binancepay/openapi/certificates", new { })));
        answers.ShouldAllBe(a => a.Code == "000000");

        var client = JournalKit.Client(server, merchant);
        long stored = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (stored + Interlocked.Read(ref dropped) < Requests)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"stored {stored}, dropped {Interlocked.Read(ref dropped)}");
            await Task.Delay(200);
            stored = (await client.Sandbox.ListRequestsAsync()).Entries.Count;
        }

        stored.ShouldBeGreaterThanOrEqualTo(2);
        Interlocked.Read(ref dropped).ShouldBeGreaterThanOrEqualTo(1);
        (stored + Interlocked.Read(ref dropped)).ShouldBe(Requests);
    }
}

[Collection(nameof(JournalDropTests))]
public sealed class SqliteJournalDropTests() : JournalDropTests(Store.Sqlite);

[Collection(nameof(JournalDropTests))]
public sealed class PostgresJournalDropTests() : JournalDropTests(Store.Postgres);
