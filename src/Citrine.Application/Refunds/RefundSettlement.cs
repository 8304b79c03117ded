namespace Citrine.Application.Refunds;

/// <summary>
/// Settles accepted refunds, as Binance processes them asynchronously: each pending refund succeeds (buyer
/// credited) unless the sandbox marked it to be rejected. Safe on several nodes: settling is a conditional update on
/// the refund's status.
/// </summary>
public sealed class RefundSettlement(IRefundStore refunds, TimeProvider time)
{
    public const int SweepBatchMax = 100;

    /// <summary>Settles up to <see cref="SweepBatchMax"/> pending refunds; returns how many were found.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var pending = await refunds.ListPendingAsync(SweepBatchMax, cancellationToken).ConfigureAwait(false);
        foreach (var refundId in pending)
        {
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            await refunds.SettleAsync(refundId, nowMs, found => RefundPlans.Settle(found, nowMs), cancellationToken)
                .ConfigureAwait(false);
        }

        return pending.Count;
    }
}
