using Citrine.Application;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Citrine.Server.Telemetry;

/// <summary>
/// Wires OpenTelemetry (docs/observability.md): Citrine's meters and the .NET runtime's, exported to Prometheus at
/// <c>GET /metrics</c> and, when <c>Citrine:Telemetry:OtlpEndpoint</c> is set, over OTLP with request and webhook
/// traces. With both off nothing listens and the instruments cost nothing.
/// </summary>
internal static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddCitrineTelemetry(this IServiceCollection services, CitrineOptions options)
    {
        services.AddMetrics();
        services.AddSingleton<CitrineMetrics>();
        var telemetry = options.Telemetry;
        if (!telemetry.Enabled)
        {
            return services;
        }

        services.AddHostedService<BacklogSampler>();
        var version = typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("citrine", serviceVersion: version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CitrineMetrics.MeterName, StorageMetrics.MeterName).AddRuntimeInstrumentation();
                if (telemetry.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (telemetry.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(o => Otlp(o, telemetry));
                }
            });
        if (telemetry.OtlpEndpoint is not null)
        {
            // Spans for each request and each outgoing webhook attempt; only with a collector to send them to.
            builder.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Otlp(o, telemetry)));
        }

        return services;
    }

    public static void MapCitrineTelemetry(this WebApplication app, CitrineOptions options)
    {
        if (options.Telemetry.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }

    /// <summary>Records each request's latency with its route and result code, once its answer is written.</summary>
    public static void UseRequestTrace(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<CitrineMetrics>();
        app.Use(async (context, next) =>
        {
            var trace = new RequestTrace(System.Diagnostics.Stopwatch.GetTimestamp());
            context.Features.Set(trace);
            await next(context).ConfigureAwait(false);
            metrics.RequestCompleted(context, trace);
        });
    }

    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions telemetry)
    {
        exporter.Endpoint = new Uri(telemetry.OtlpEndpoint!);
        exporter.Protocol = string.Equals(telemetry.OtlpProtocol, "grpc", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.Grpc
            : OtlpExportProtocol.HttpProtobuf;
    }
}
