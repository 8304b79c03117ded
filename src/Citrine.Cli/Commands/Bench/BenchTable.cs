using System.Globalization;
using Spectre.Console;

namespace Citrine.Cli.Commands.Bench;

/// <summary>The human form of a <see cref="BenchReport"/>: one row per scenario, the ceiling first.</summary>
internal static class BenchTable
{
    public static void Write(CliOutput output, BenchReport report)
    {
        var console = output.Console;
        if (output.Writer != Console.Out || Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        var t = report.Target;
        var s = report.Settings;
        var seeded = t.SeededOrders > 0
            ? FormattableString.Invariant($", {t.SeededOrders:N0} seeded orders ({t.SeedSeconds} s to load)")
            : "";
        console.MarkupLine(Markup.Escape(FormattableString.Invariant(
            $"Target {t.Server} ({(t.SelfStarted ? "self-started, " + t.Storage : "remote")}), {s.Connections} connections, {s.WarmupSeconds} s warm-up + {s.DurationSeconds} s measured, {s.ProcessorCount} CPUs{seeded}")));
        var table = new Table()
            .AddColumn("scenario").AddColumn(new TableColumn("req/s").RightAligned())
            .AddColumn(new TableColumn("ops/s").RightAligned()).AddColumn(new TableColumn("p50 ms").RightAligned())
            .AddColumn(new TableColumn("p90 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("max ms").RightAligned()).AddColumn("codes").AddColumn("HTTP")
            .AddColumn(new TableColumn("errors").RightAligned());
        var withRatio = report.Baseline is not null;
        if (withRatio)
        {
            table.AddColumn(new TableColumn("req/s ÷ ceiling").RightAligned())
                .AddColumn(new TableColumn("p99 ÷ ceiling").RightAligned());
        }

        foreach (var row in (report.Baseline is null ? [] : new[] { report.Baseline }).Concat(report.Scenarios))
        {
            var cells = new List<string>
            {
                row.Scenario, N(row.RequestsPerSecond), N(row.OperationsPerSecond), D(row.LatencyMs.P50),
                D(row.LatencyMs.P90), D(row.LatencyMs.P99), D(row.LatencyMs.Max), Counts(row.Codes),
                Counts(row.HttpStatus), row.Errors.ToString(CultureInfo.InvariantCulture),
            };
            if (withRatio)
            {
                cells.Add(row.Ratio is null ? "1" : row.Ratio.RequestsPerSecond.ToString("P0", CultureInfo.InvariantCulture));
                cells.Add(row.Ratio is null ? "1" : D(row.Ratio.P99) + "×");
            }

            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        foreach (var row in (report.Baseline is null ? [] : new[] { report.Baseline }).Concat(report.Scenarios))
        {
            var lines = new[]
            {
                row.Note is null ? null : $"{row.Scenario}: {row.Note}",
                row.Webhooks is { } w ? $"{row.Scenario}: {w.Delivered} of {w.Closed} delivered, {w.Verified} verified, {w.VerifyFailures} failed verification" : null,
                row.FirstError is null ? null : $"{row.Scenario}: first error: {row.FirstError}",
            };
            foreach (var line in lines.OfType<string>())
            {
                console.MarkupLine(Markup.Escape(line));
            }
        }
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Counts<TKey>(SortedDictionary<TKey, long> counts) where TKey : notnull =>
        string.Join(" ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}×{c.Value}")));
}
