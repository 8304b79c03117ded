using System.Text.Json.Serialization;
using HdrHistogram;

namespace Citrine.Cli.Commands.Bench;

/// <summary>
/// The one JSON document <c>citrine bench --json</c> prints. Field names are stable (docs/performance.md, "JSON
/// output"); milliseconds are decimals, counts are integers.
/// </summary>
internal sealed record BenchReport(
    [property: JsonPropertyName("target")] BenchTargetInfo Target,
    [property: JsonPropertyName("settings")] BenchSettingsInfo Settings,
    [property: JsonPropertyName("baseline")] ScenarioResult? Baseline,
    [property: JsonPropertyName("scenarios")] IReadOnlyList<ScenarioResult> Scenarios);

internal sealed record BenchTargetInfo(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("selfStarted")] bool SelfStarted,
    [property: JsonPropertyName("storage")] string? Storage,
    [property: JsonPropertyName("seededOrders")] long SeededOrders,
    [property: JsonPropertyName("seedSeconds")] double? SeedSeconds);

internal sealed record BenchSettingsInfo(
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("durationSeconds")] double DurationSeconds,
    [property: JsonPropertyName("warmupSeconds")] double WarmupSeconds,
    [property: JsonPropertyName("processorCount")] int ProcessorCount);

internal sealed record LatencyInfo(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p90")] double P90,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("max")] double Max);

internal sealed record RatioInfo(
    [property: JsonPropertyName("requestsPerSecond")] double RequestsPerSecond,
    [property: JsonPropertyName("p99")] double P99);

internal sealed record WebhookInfo(
    [property: JsonPropertyName("closed")] long Closed,
    [property: JsonPropertyName("delivered")] long Delivered,
    [property: JsonPropertyName("verified")] long Verified,
    [property: JsonPropertyName("verifyFailures")] long VerifyFailures);

internal sealed record ScenarioResult(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("operations")] long Operations,
    [property: JsonPropertyName("operationsPerSecond")] double OperationsPerSecond,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("requestsPerSecond")] double RequestsPerSecond,
    [property: JsonPropertyName("latencyMs")] LatencyInfo LatencyMs,
    [property: JsonPropertyName("codes")] SortedDictionary<string, long> Codes,
    [property: JsonPropertyName("httpStatus")] SortedDictionary<string, long> HttpStatus,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("firstError")] string? FirstError,
    [property: JsonPropertyName("webhooks")] WebhookInfo? Webhooks,
    [property: JsonPropertyName("note")] string? Note)
{
    [JsonPropertyName("ratio")] public RatioInfo? Ratio { get; init; }

    public static ScenarioResult From(string scenario, WorkerStats total, double seconds, string? note,
        WebhookInfo? webhooks = null)
    {
        var h = total.Latency;
        static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 2);
        var latency = h.TotalCount == 0
            ? new LatencyInfo(0, 0, 0, 0)
            : new LatencyInfo(Ms(h.GetValueAtPercentile(50)), Ms(h.GetValueAtPercentile(90)),
                Ms(h.GetValueAtPercentile(99)), Ms(h.GetMaxValue()));
        var perSecond = seconds > 0 ? 1 / seconds : 0;
        return new ScenarioResult(scenario, Math.Round(seconds, 3), total.Operations,
            Math.Round(total.Operations * perSecond, 1), total.Requests, Math.Round(total.Requests * perSecond, 1),
            latency, new SortedDictionary<string, long>(total.Codes, StringComparer.Ordinal),
            new SortedDictionary<string, long>(total.Statuses.ToDictionary(
                s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
                StringComparer.Ordinal),
            total.Errors, total.FirstError, webhooks, note);
    }

    /// <summary>This scenario against the signed-echo ceiling measured in the same run.</summary>
    public ScenarioResult WithRatio(ScenarioResult baseline) => this with
    {
        Ratio = new RatioInfo(
            baseline.RequestsPerSecond > 0 ? Math.Round(RequestsPerSecond / baseline.RequestsPerSecond, 3) : 0,
            baseline.LatencyMs.P99 > 0 ? Math.Round(LatencyMs.P99 / baseline.LatencyMs.P99, 2) : 0),
    };
}
