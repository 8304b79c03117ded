using Citrine.Application;
using Citrine.Application.Refunds;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Features.Refunds;

/// <summary>Wiring of refunds (docs/api-reference.md#refunds): services and the settlement loop (endpoints:
/// RefundEndpoints).</summary>
internal static class RefundsFeature
{
    public static IServiceCollection AddRefunds(this IServiceCollection services) => services
        .AddSingleton<IRefundStore, SqlRefundStore>()
        .AddSingleton<RefundOrderHandler>()
        .AddSingleton<QueryRefundHandler>()
        .AddSingleton<RefundSettlement>()
        .AddHostedService<RefundSettlementLoop>();
}

/// <summary>Settles accepted refunds on the sweep cadence: the asynchronous step Binance documents.</summary>
internal sealed class RefundSettlementLoop(RefundSettlement settlement, CitrineOptions options,
    ILogger<RefundSettlementLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                RefundSweep sweep;
                do
                {
                    sweep = await settlement.SweepAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var failure in sweep.Failures)
                    {
                        Log(failure);
                    }
                }
                while (sweep.Found == RefundSettlement.SweepBatchMax); // A full batch means more are pending.
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Listing or recording failed (the database itself): nothing was settled wrongly, try next tick.
                logger.LogWarning("Refund settlement sweep failed ({ExceptionType}); retrying on the next tick",
                    e.GetType().Name);
            }
        }
    }

    private void Log(RefundSettleFailure failure)
    {
        if (failure.Parked)
        {
            logger.LogError("Refund {RefundId} parked after {Failures} failed settlement(s), last {Error}",
                failure.RefundId, failure.Failures, failure.Error);
        }
        else
        {
            logger.LogWarning("Refund {RefundId} settlement failed ({Error}), attempt {Failures}; will retry",
                failure.RefundId, failure.Error, failure.Failures);
        }
    }
}
