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
                while (await settlement.SweepAsync(stoppingToken).ConfigureAwait(false) == RefundSettlement.SweepBatchMax)
                {
                    // A full batch means more are pending: keep going.
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Refund settlement failed; retrying on the next tick");
            }
        }
    }
}
