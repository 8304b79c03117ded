using Citrine.Application;
using Citrine.Application.Refunds;
using Citrine.Server.Background;
using Citrine.Storage;
using Microsoft.Extensions.DependencyInjection;
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
    ILogger<RefundSettlementLoop> logger) : SweepLoop(options, logger, "Refund settlement")
{
    protected override async Task<bool> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var sweep = await settlement.SweepAsync(cancellationToken).ConfigureAwait(false);
        foreach (var failure in sweep.Failures)
        {
            Log(failure);
        }

        return sweep.Found == RefundSettlement.SweepBatchMax; // A full batch means more are pending.
    }

    private void Log(RefundSettleFailure failure)
    {
        if (failure.Parked)
        {
            Logger.LogError("Refund {RefundId} parked after {Failures} failed settlement(s), last {Error}",
                failure.RefundId, failure.Failures, failure.Error);
        }
        else
        {
            Logger.LogWarning("Refund {RefundId} settlement failed ({Error}), attempt {Failures}; will retry",
                failure.RefundId, failure.Error, failure.Failures);
        }
    }
}
