using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>
/// Generated input against every declared endpoint (merchant, sandbox, admin) and the page forms, from one seed:
/// no answer is a 5xx, every JSON answer is the Binance envelope, every refused form is an HTML page, and the
/// requests that must be refused leave no row behind. See docs/testing.md for what is generated and how to
/// reproduce a run (<c>CITRINE_FUZZ_SEED</c>).
/// </summary>
public abstract class GeneratedInputTests(ServerFixture fixture)
{
    public const string SeedVariable = "CITRINE_FUZZ_SEED";

    /// <summary>The fixed seed of CI runs; <c>CITRINE_FUZZ_SEED</c> overrides it (a number, or <c>random</c>).</summary>
    public const int DefaultSeed = 20261201;

    private const int RefusedJson = 1600;
    private const int RefusedPages = 200;
    private const int PagesAny = 400;
    private const int JsonAny = 3600;
    private const int Concurrency = 8;
    private const int ReportedMax = 60;

    [Fact]
    public async Task Generated_input_never_gets_a_5xx_or_a_non_envelope_and_refused_input_writes_nothing()
    {
        var seed = Seed();
        var log = TestContext.Current.TestOutputHelper;
        log?.WriteLine($"{SeedVariable}={seed} ({fixture.Store})");
        var server = fixture.Server;
        var world = await FuzzWorld.CreateAsync(server);
        var registry = server.App.Services.GetRequiredService<EndpointRegistry>();
        var endpoints = registry.All.ToList();
        var generator = new MutationGenerator(new Random(seed), world.Pools, endpoints);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = server.BaseUri,
        };
        var runner = new MutationRunner(http, world.Merchant, world.Foreign);
        var problems = new ConcurrentQueue<Outcome>();
        var started = Stopwatch.StartNew();

        // Phase 1: only requests every endpoint must refuse; nothing may change in any table.
        var refused = Enumerable.Range(0, RefusedJson).Select(_ => generator.Refused())
            .Concat(Enumerable.Range(0, RefusedPages)
                .Select(_ => generator.Page(world.CheckoutCodes, world.ContractCodes, world.BuyerId, mustRefuse: true)))
            .ToList();
        var before = await QuietSnapshotAsync(server);
        var setUp = started.Elapsed;
        var refusedTally = await RunAsync(refused, runner, problems);
        var refusedTime = started.Elapsed - setUp;
        var after = await TableSnapshot.TakeAsync(server.Database);
        var written = before.Differences(after);

        // Phase 2: page forms of any kind, then any mutation of any endpoint (some are accepted and write).
        var pages = Enumerable.Range(0, PagesAny)
            .Select(_ => generator.Page(world.CheckoutCodes, world.ContractCodes, world.BuyerId, mustRefuse: false))
            .ToList();
        var pagesTally = await RunAsync(pages, runner, problems);
        var any = Enumerable.Range(0, JsonAny).Select(_ => generator.Any()).ToList();
        var anyTally = await RunAsync(any, runner, problems);

        var total = refused.Count + pages.Count + any.Count;
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} requests in {started.Elapsed.TotalSeconds:F1} s (set-up and settling {setUp.TotalSeconds:F1} s, "
            + $"must-refuse phase {refusedTime.TotalSeconds:F1} s): must-refuse {refusedTally}; pages {pagesTally}; "
            + $"any {anyTally}"));
        // One line per kind of problem and input class, so a run with many failures still shows every class.
        var report = problems.OrderBy(o => o.Mutation.Index)
            .DistinctBy(o => (o.Problem, o.Mutation.Path.Split('/')[^1], o.Mutation.Description))
            .Take(ReportedMax).Select(o => o.ToString()).ToList();
        foreach (var line in report)
        {
            log?.WriteLine(line);
        }

        total.ShouldBeGreaterThanOrEqualTo(5000);
        written.ShouldBeEmpty($"refused requests left writes behind ({SeedVariable}={seed})");
        problems.Count.ShouldBe(0,
            $"{SeedVariable}={seed}: {problems.Count} bad answers, first ones:\n" + string.Join("\n", report));
    }

    private static async Task<string> RunAsync(List<Mutation> mutations, MutationRunner runner,
        ConcurrentQueue<Outcome> problems)
    {
        var accepted = 0;
        await Parallel.ForEachAsync(mutations,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = TestContext.Current.CancellationToken },
            async (mutation, ct) =>
            {
                var outcome = await runner.SendAsync(mutation, ct);
                if (outcome.Success)
                {
                    Interlocked.Increment(ref accepted);
                }

                if (outcome.Problem is not null)
                {
                    problems.Enqueue(outcome);
                }
            });
        return string.Create(CultureInfo.InvariantCulture, $"{mutations.Count} sent, {accepted} accepted");
    }

    /// <summary>A snapshot once the background loops have nothing left to do (two equal snapshots in a
    /// row).</summary>
    private static async Task<TableSnapshot> QuietSnapshotAsync(TestServer server)
    {
        var previous = await TableSnapshot.TakeAsync(server.Database);
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(300, TestContext.Current.CancellationToken);
            var next = await TableSnapshot.TakeAsync(server.Database);
            if (previous.Differences(next).Count == 0)
            {
                return next;
            }

            previous = next;
        }

        throw new InvalidOperationException("the database did not settle before the refused-input phase");
    }

    private static int Seed()
    {
        var text = Environment.GetEnvironmentVariable(SeedVariable);
        return string.IsNullOrWhiteSpace(text) ? DefaultSeed
            : text.Trim() == "random" ? Random.Shared.Next()
            : int.Parse(text, CultureInfo.InvariantCulture);
    }
}

/// <summary>The generated-input server: many signed requests at once, so the timestamp window is wide and the
/// PostgreSQL pool sized for the concurrency.</summary>
public abstract class FuzzServer(Store store) : ServerFixture(store, options => ServerTuning.Busy(options, 16));

public sealed class SqliteFuzzServer() : FuzzServer(Store.Sqlite);

public sealed class PostgresFuzzServer() : FuzzServer(Store.Postgres);

public sealed class SqliteGeneratedInputTests(SqliteFuzzServer fixture)
    : GeneratedInputTests(fixture), IClassFixture<SqliteFuzzServer>;

public sealed class PostgresGeneratedInputTests(PostgresFuzzServer fixture)
    : GeneratedInputTests(fixture), IClassFixture<PostgresFuzzServer>;
