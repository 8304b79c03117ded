using System.Diagnostics.Metrics;
using Citrine.Application.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Telemetry;

/// <summary>
/// The server's instruments (docs/observability.md lists them with their Prometheus names). Recording is a no-op
/// until an exporter listens, so the hot path pays nothing when telemetry is off. Tags are bounded: the route
/// template (never the raw path), the result code and the HTTP status; never a merchant or an id.
/// </summary>
internal sealed class CitrineMetrics
{
    public const string MeterName = "Citrine.Server";

    /// <summary>The route tag of requests that matched no endpoint, so unknown paths cannot grow the series.</summary>
    public const string Unmatched = "unmatched";

    private static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _webhookAttemptDuration;
    private readonly Counter<long> _journalDropped;
    private Backlog _backlog = new(0, 0, 0, 0, 0);

    public CitrineMetrics(IMeterFactory meters, IBacklogProbe probe)
    {
        var meter = meters.Create(MeterName);
        _requestDuration = meter.CreateHistogram<double>("citrine.request.duration", unit: "s",
            description: "Requests answered, by route, Binance result code and HTTP status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _webhookAttemptDuration = meter.CreateHistogram<double>("citrine.webhook.attempt.duration", unit: "s",
            description: "Webhook delivery attempts, by the state they left the event in (DELIVERED, PENDING, FAILED).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _journalDropped = meter.CreateCounter<long>("citrine.journal.dropped", unit: "{entry}",
            description: "Request journal entries dropped because the journal's queue was full or a write failed.");
        meter.CreateObservableGauge("citrine.db.write_queue.depth", () => probe.PendingWrites, unit: "{request}",
            description: "Write requests waiting for the SQLite writer (always 0 on PostgreSQL).");
        meter.CreateObservableGauge("citrine.outbox.pending", () => Volatile.Read(ref _backlog).OutboxPending,
            unit: "{event}", description: "Webhook events not yet delivered or given up.");
        meter.CreateObservableGauge("citrine.outbox.due", () => Volatile.Read(ref _backlog).OutboxDue,
            unit: "{event}", description: "Webhook events whose next attempt is due.");
        meter.CreateObservableGauge("citrine.outbox.oldest_due_age",
            () => Volatile.Read(ref _backlog).OldestDueAgeMs / 1000.0, unit: "s",
            description: "How long the longest-waiting due webhook event has been due.");
        meter.CreateObservableGauge("citrine.refunds.pending", () => Volatile.Read(ref _backlog).RefundsPending,
            unit: "{refund}", description: "Accepted refunds waiting to settle.");
        meter.CreateObservableGauge("citrine.refunds.parked", () => Volatile.Read(ref _backlog).RefundsParked,
            unit: "{refund}", description: "Refunds whose settlement was given up after repeated failures.");
    }

    public void RequestCompleted(HttpContext context, RequestTrace trace)
    {
        if (!_requestDuration.Enabled)
        {
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
        _requestDuration.Record(trace.Elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("code", trace.Code ?? "none"),
            new KeyValuePair<string, object?>("status", context.Response.StatusCode));
    }

    public void WebhookAttempt(string outcome, long latencyMs) =>
        _webhookAttemptDuration.Record(latencyMs / 1000.0, new KeyValuePair<string, object?>("outcome", outcome));

    public void JournalDropped(int count) => _journalDropped.Add(count);

    public void Observe(Backlog backlog) => Volatile.Write(ref _backlog, backlog);
}
