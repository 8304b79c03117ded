using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Citrine.Storage;
using Spectre.Console;

namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// <c>citrine bench</c>: closed-loop load with every request freshly signed, against a server it starts itself or one
/// at --server; a live progress display, then one row per scenario (or one JSON document with --json).
/// docs/performance.md describes the scenarios, the output and the figures.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliOutput output)
    {
        var scenario = new Option<string[]>("--scenario")
        {
            Description = "Scenario to run, repeatable, or all: " + string.Join(", ", AllNames),
            AllowMultipleArgumentsPerToken = false,
        };
        var connections = new Option<int>("--connections")
        { Description = "Concurrent connections (one closed-loop worker each)", DefaultValueFactory = _ => 64 };
        var duration = new Option<string>("--duration")
        { Description = "Measured time per scenario (e.g. 8s, 500ms, 1m)", DefaultValueFactory = _ => "8s" };
        // 10 s: under load on two cores .NET's tiered JIT keeps compiling for about 8 s, and a ceiling measured in that
        // time reads as half of itself (docs/performance.md#warm-up).
        var warmup = new Option<string>("--warmup")
        { Description = "Unmeasured load before each scenario", DefaultValueFactory = _ => "10s" };
        var storage = new Option<string?>("--storage") { Description = "Self-started server: sqlite (default) or postgres" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (--storage postgres)" };
        var server = new Option<string?>("--server") { Description = "Bench a running server at this URL instead" };
        var apiKey = new Option<string?>("--api-key") { Description = "With --server: the merchant's API key" };
        var apiSecret = new Option<string?>("--api-secret") { Description = "With --server: the merchant's API secret" };
        var adminToken = new Option<string?>("--admin-token")
        { Description = "With --server: admin token (creates the merchant and sandbox buyers)" };
        var baseline = new Option<bool>("--baseline")
        { Description = "First run the same load against a signed echo endpoint and print ratios to it" };
        var seed = new Option<long>("--seed") { Description = "Bulk-load this many orders first (self-started server)" };
        var events = new Option<int>("--events")
        { Description = "webhook-dispatch: orders to close (one webhook each)", DefaultValueFactory = _ => 5000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of tables" };
        var command = new Command("bench", "Load-test the signed merchant API (docs/performance.md)")
        {
            scenario, connections, duration, warmup, storage, postgres, server, apiKey, apiSecret, adminToken,
            baseline, seed, events, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = BenchSettings.Parse(parse.GetValue(scenario) ?? [], parse.GetValue(connections),
                parse.GetValue(duration)!, parse.GetValue(warmup)!, parse.GetValue(storage), parse.GetValue(postgres),
                parse.GetValue(server), parse.GetValue(apiKey), parse.GetValue(apiSecret), parse.GetValue(adminToken),
                parse.GetValue(baseline), parse.GetValue(seed), parse.GetValue(events), parse.GetValue(json),
                out var error);
            if (settings is null)
            {
                // Written plainly: a console markup line would wrap a long message at 80 columns.
                output.Writer.WriteLine("error: " + error);
                return ExitCodes.Other;
            }

            var report = settings.Json
                ? await RunAsync(settings, null, ct).ConfigureAwait(false)
                : await RunWithProgressAsync(settings, output, ct).ConfigureAwait(false);
            if (settings.Json)
            {
                output.Json(report);
            }
            else
            {
                BenchTable.Write(output, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static IEnumerable<string> AllNames => Scenario.Names;

    private static async Task<BenchReport> RunWithProgressAsync(BenchSettings settings, CliOutput output,
        CancellationToken cancellationToken)
    {
        BenchReport? report = null;
        await output.Console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress => report = await RunAsync(settings, progress, cancellationToken)
                .ConfigureAwait(false)).ConfigureAwait(false);
        return report!;
    }

    private static async Task<BenchReport> RunAsync(BenchSettings settings, ProgressContext? progress,
        CancellationToken cancellationToken)
    {
        await using var target = settings.Server is { } url
            ? BenchTarget.Remote(url, settings.AdminToken)
            : await BenchTarget.StartAsync(settings.Storage, settings.Postgres, cancellationToken).ConfigureAwait(false);
        await target.UseMerchantAsync(settings.ApiKey, settings.ApiSecret, cancellationToken).ConfigureAwait(false);
        using var http = new BenchHttp(target.BaseUri, target.ApiKey, target.ApiSecret, settings.Connections);
        using var admin = target.NewAdminClient();
        var context = new BenchContext(http, admin, target.MerchantId, settings.Connections)
        {
            MerchantCreated = target.MerchantCreated,
        };

        double? seedSeconds = null;
        if (settings.Seed > 0)
        {
            var started = Stopwatch.GetTimestamp();
            var task = progress?.AddTask($"seed {settings.Seed:N0} orders", maxValue: settings.Seed);
            var first = await BulkSeed.InsertClosedOrdersAsync(target.Database!, context.MerchantId!.Value,
                settings.Seed, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                task is null ? null : new Progress<long>(done => task.Value = done), cancellationToken)
                .ConfigureAwait(false);
            context.Seeded = (first, settings.Seed);
            seedSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2);
        }

        ScenarioResult? baseline = null;
        if (settings.Baseline)
        {
            await using var echo = await SignedEcho.StartAsync(target.ApiKey, target.ApiSecret, cancellationToken)
                .ConfigureAwait(false);
            using var echoHttp = new BenchHttp(echo.BaseUri, target.ApiKey, target.ApiSecret, settings.Connections);
            var echoContext = new BenchContext(echoHttp, null, context.MerchantId, settings.Connections);
            var result = await PhaseAsync(progress, "baseline (signed echo)", live => LoadRunner.RunAsync(
                new CreateScenario(2), echoContext, settings.Warmup, settings.Duration, live, cancellationToken))
                .ConfigureAwait(false);
            baseline = result with
            {
                Scenario = "baseline",
                Note = "signed echo: HMAC verify + JSON parse, no storage; create-v2 bodies",
            };
        }

        var results = new List<ScenarioResult>();
        foreach (var name in settings.Scenarios)
        {
            ScenarioResult result;
            if (name == WebhookDispatch.Name)
            {
                result = await PhaseAsync(progress, name, live => WebhookDispatch.RunAsync(context, target.ApiKey,
                    target.ApiSecret, settings.Events, TimeSpan.FromSeconds(30 + settings.Events / 200.0), live,
                    cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                var scenario = Scenario.Create(name)!;
                await scenario.SetupAsync(context, cancellationToken).ConfigureAwait(false);
                result = await PhaseAsync(progress, name, live => LoadRunner.RunAsync(scenario, context,
                    settings.Warmup, settings.Duration, live, cancellationToken)).ConfigureAwait(false);
            }

            results.Add(baseline is null ? result : result.WithRatio(baseline));
        }

        return new BenchReport(
            new BenchTargetInfo(target.BaseUri.ToString().TrimEnd('/'), target.SelfStarted, target.Storage,
                settings.Seed, seedSeconds),
            new BenchSettingsInfo(settings.Connections, settings.Duration.TotalSeconds, settings.Warmup.TotalSeconds,
                Environment.ProcessorCount),
            baseline, results);
    }

    /// <summary>Runs one phase, showing its progress (elapsed share of the run, operations measured so far).</summary>
    private static async Task<ScenarioResult> PhaseAsync(ProgressContext? progress, string label,
        Func<LoadRunner.Live, Task<ScenarioResult>> run)
    {
        var live = new LoadRunner.Live();
        var running = run(live);
        if (progress is null)
        {
            return await running.ConfigureAwait(false);
        }

        var task = progress.AddTask(Markup.Escape(label), maxValue: 100);
        while (!running.IsCompleted)
        {
            task.Value = live.Fraction * 100;
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {(live.Measuring ? "measuring" : "warming up")}, {live.Operations:N0} operations"));
            await Task.WhenAny(running, Task.Delay(200)).ConfigureAwait(false);
        }

        var result = await running.ConfigureAwait(false);
        task.Value = 100;
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {result.RequestsPerSecond:N0} req/s, p99 {result.LatencyMs.P99} ms"));
        return result;
    }
}
