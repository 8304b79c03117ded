using Citrine.Application;
using Citrine.Application.ProfitSharing;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Features.ProfitSharing;

/// <summary>Wiring of profit sharing (docs/api-reference.md#profit-sharing): services and the split processor loop
/// (endpoints: ProfitSharingEndpoints).</summary>
internal static class ProfitSharingFeature
{
    public static IServiceCollection AddProfitSharing(this IServiceCollection services) => services
        .AddSingleton<ISplitStore, SqlSplitStore>()
        .AddSingleton<ProfitSharingHandler>()
        .AddSingleton<SplitProcessor>()
        .AddHostedService<SplitProcessorLoop>();
}

/// <summary>Pays PROCESSING split lines on the sweep cadence, on every node; after a restart it finds the lines a
/// crashed node left once their lease runs out.</summary>
internal sealed class SplitProcessorLoop(SplitProcessor processor, CitrineOptions options,
    ILogger<SplitProcessorLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                (int Claimed, IReadOnlyList<string> Failures) sweep;
                do
                {
                    sweep = await processor.SweepAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var failure in sweep.Failures)
                    {
                        logger.LogWarning("Split {Failure}; retried once its lease runs out", failure);
                    }
                }
                while (sweep.Claimed == SplitProcessor.SweepBatchMax);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Split sweep failed ({ExceptionType}); retrying on the next tick", e.GetType().Name);
            }
        }
    }
}
