using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Citrine.Server.Health;

/// <summary>
/// Ready only while every background loop of this node runs (order/contract sweeper, webhook dispatcher, refund
/// settlement, sandbox clock sync, and any loop added later as a <see cref="BackgroundService"/>): a node whose
/// dispatcher has stopped would accept orders whose webhooks never leave. A loop is running when it has started and
/// its <see cref="BackgroundService.ExecuteTask"/> has not completed.
/// </summary>
internal sealed class BackgroundLoopsHealthCheck(IEnumerable<IHostedService> hostedServices) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var stopped = new List<string>();
        foreach (var loop in hostedServices.OfType<BackgroundService>())
        {
            var name = loop.GetType().Name;
            var state = loop.ExecuteTask switch
            {
                null => "not started",
                { IsFaulted: true } => "failed",
                { IsCompleted: true } => "stopped",
                _ => "running",
            };
            data[name] = state;
            if (state != "running")
            {
                stopped.Add(name);
            }
        }

        return Task.FromResult(stopped.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} background loops running", data)
            : HealthCheckResult.Unhealthy($"not running: {string.Join(", ", stopped)}", data: data));
    }
}
