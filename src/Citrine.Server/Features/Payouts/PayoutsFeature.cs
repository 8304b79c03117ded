using Citrine.Application;
using Citrine.Application.Payouts;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    ILogger<PayoutProcessorLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                PayoutSweep sweep;
                do
                {
                    sweep = await processor.SweepAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var failure in sweep.Failures)
                    {
                        logger.LogWarning("Payout {Failure}; retried once its lease runs out", failure);
                    }
                }
                while (sweep.Claimed == PayoutProcessor.SweepBatchMax || sweep.Expired == PayoutProcessor.SweepBatchMax);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Payout sweep failed ({ExceptionType}); retrying on the next tick",
                    e.GetType().Name);
            }
        }
    }
}
