using Citrine.Server.Http.Ingress;
using Citrine.Server.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Logging;

/// <summary>
/// One Information line per refused request, written where every failure envelope is written
/// (<c>Http/BinanceEnvelope.cs</c>), so ingress refusals, handler refusals and framework failures are logged alike:
/// method, path (never the query string), result code, the first rule broken (the envelope's message), the merchant
/// when the signature was verified, and the latency. Never bodies, headers or signatures.
/// </summary>
internal static partial class RequestLog
{
    /// <summary>The category of refused-request lines.</summary>
    public const string Category = "Citrine.Requests";

    public static void Refused(HttpContext context, string code, string? message)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var trace = RequestTrace.Of(context);
        var latencyMs = trace is null ? 0 : (long)trace.Elapsed.TotalMilliseconds;
        var merchantId = context.Features.Get<Caller>()?.Merchant?.MerchantId;
        logger.RequestRefused(context.Request.Method, context.Request.Path.Value ?? "", code, message ?? "",
            merchantId, latencyMs);
    }

    [LoggerMessage(EventId = 2001, EventName = "RequestRefused", Level = LogLevel.Information,
        Message = "Refused {Method} {Path}: {Code} {Rule} (merchant {MerchantId}, {LatencyMs} ms)")]
    private static partial void RequestRefused(this ILogger logger, string method, string path, string code,
        string rule, long? merchantId, long latencyMs);
}
