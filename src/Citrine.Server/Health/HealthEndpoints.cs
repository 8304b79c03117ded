using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Health;

/// <summary>
/// Liveness and readiness probes for orchestrators (Docker <c>HEALTHCHECK</c>, Kubernetes probes): <c>/health/live</c>
/// answers 200 while the process serves HTTP; <c>/health/ready</c> answers 200 only when the database is reachable
/// with every migration applied and every background loop is running, 503 otherwise. Both answer the standard health
/// JSON (see <see cref="HealthJson"/> and the Health section of README.md), not the Binance envelope: they are not part of the
/// Binance API and their readers are probes and monitoring tools.
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    // A probe must answer well within a typical probe timeout even when the database hangs.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddCitrineHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<BackgroundLoopsHealthCheck>("backgroundLoops", tags: [ReadyTag], timeout: CheckTimeout);
        return services;
    }

    public static WebApplication MapCitrineHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false, // Answering at all proves the process is up.
            ResponseWriter = HealthJson.WriteAsync,
        });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthJson.WriteAsync,
        });
        return app;
    }
}
