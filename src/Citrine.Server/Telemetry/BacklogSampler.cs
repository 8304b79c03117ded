using Citrine.Application;
using Citrine.Application.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Telemetry;

/// <summary>
/// Re-reads the backlog gauges every <c>Citrine:Telemetry:BacklogSampleMs</c>: an observable gauge's callback is
/// synchronous and runs on the scrape, so it must not query the database itself. A failed sample keeps the last
/// values and is retried at the next tick.
/// </summary>
internal sealed partial class BacklogSampler(IBacklogProbe probe, CitrineMetrics metrics, CitrineOptions options,
    TimeProvider time, ILogger<BacklogSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Telemetry.BacklogSampleMs), time);
        do
        {
            try
            {
                metrics.Observe(await probe.SampleAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken)
                    .ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SampleFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Backlog sample failed ({Error}); the gauges keep their last values")]
    private static partial void SampleFailed(ILogger logger, string error);
}
