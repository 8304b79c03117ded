using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Telemetry;

/// <summary>
/// What the outermost middleware knows of a request: when it arrived, and the result code the envelope writer
/// (<c>Http/BinanceEnvelope.cs</c>) answered with, if any. Read by the refused-request log line, the request
/// metrics and the request journal.
/// </summary>
internal sealed class RequestTrace(long startedTimestamp)
{
    public long StartedTimestamp { get; } = startedTimestamp;

    /// <summary>The Binance result code of the answer; null for pages, health and other non-envelope answers.</summary>
    public string? Code { get; set; }

    /// <summary>The envelope's <c>errorMessage</c> (the first rule broken), for the request journal.</summary>
    public string? Message { get; set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartedTimestamp);

    public static RequestTrace? Of(HttpContext context) => context.Features.Get<RequestTrace>();
}
