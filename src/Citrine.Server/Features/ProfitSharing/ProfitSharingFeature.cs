using Citrine.Application;
using Citrine.Application.ProfitSharing;
using Citrine.Server.Background;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
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
    ILogger<SplitProcessorLoop> logger) : SweepLoop(options, logger, "Split")
{
    protected override async Task<bool> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var (claimed, failures) = await processor.SweepAsync(cancellationToken).ConfigureAwait(false);
        foreach (var failure in failures)
        {
            Logger.LogWarning("Split {Failure}; retried once its lease runs out", failure);
        }

        return claimed == SplitProcessor.SweepBatchMax;
    }
}
