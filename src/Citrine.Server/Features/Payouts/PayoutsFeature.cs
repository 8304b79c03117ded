using Citrine.Application;
using Citrine.Application.Payouts;
using Citrine.Server.Background;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Features.Payouts;

/// <summary>Wiring of batch payouts (docs/api-reference.md#payouts): services and the processor loop (endpoints:
/// PayoutEndpoints, SandboxPayoutEndpoints, ReceiverCheckEndpoints).</summary>
internal static class PayoutsFeature
{
    public static IServiceCollection AddPayouts(this IServiceCollection services) => services
        .AddSingleton<IPayoutStore, SqlPayoutStore>()
        .AddSingleton<PayoutTransferHandler>()
        .AddSingleton<PayoutProcessor>()
        .AddSingleton<PayoutSandbox>()
        .AddHostedService<PayoutProcessorLoop>();
}

/// <summary>Pays accepted payout lines and ends expired invitations on the sweep cadence, on every node.</summary>
internal sealed class PayoutProcessorLoop(PayoutProcessor processor, CitrineOptions options,
    ILogger<PayoutProcessorLoop> logger) : SweepLoop(options, logger, "Payout")
{
    protected override async Task<bool> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var sweep = await processor.SweepAsync(cancellationToken).ConfigureAwait(false);
        foreach (var failure in sweep.Failures)
        {
            Logger.LogWarning("Payout {Failure}; retried once its lease runs out", failure);
        }

        return sweep.Claimed == PayoutProcessor.SweepBatchMax || sweep.Expired == PayoutProcessor.SweepBatchMax;
    }
}
