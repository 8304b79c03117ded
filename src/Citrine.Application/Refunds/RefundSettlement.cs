using Citrine.Application.Sandbox;

namespace Citrine.Application.Refunds;

/// <summary>
/// Settles accepted refunds, as Binance processes them asynchronously: each pending refund succeeds (buyer
/// credited) unless the sandbox marked it to be rejected. Safe on several nodes: settling is a conditional update on
/// the refund's status. Each refund is settled on its own (issue 12): one that fails is recorded with a retry time
/// (<see cref="BackgroundRetry"/>) and does not stop the others; after <see cref="MaxFailures"/> failures, or at once when
/// its order is gone, it is parked and no longer picked up (docs/compatibility.md#refunds).
/// </summary>
public sealed class RefundSettlement(IRefundStore refunds, TimeProvider time, CitrineOptions options)
{
    public const int SweepBatchMax = 100;

    /// <summary>Failed attempts after which a refund is parked.</summary>
    public const int MaxFailures = BackgroundRetry.MaxFailures;

    /// <summary>Settles up to <see cref="SweepBatchMax"/> due refunds; the report says how many were found and which
    /// failed.</summary>
    public async Task<RefundSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var startMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var pending = await refunds.ListPendingAsync(SweepBatchMax, startMs, cancellationToken).ConfigureAwait(false);
        var failures = new List<RefundSettleFailure>();
        foreach (var (refundId, merchantId) in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nowMs = time.MerchantNowMs(merchantId);
            string error;
            try
            {
                var outcome = await refunds.SettleAsync(refundId, nowMs, found => RefundPlans.Settle(found, nowMs),
                    cancellationToken).ConfigureAwait(false);
                if (outcome != RefundSettleOutcome.OrderMissing)
                {
                    continue;
                }

                error = nameof(RefundSettleOutcome.OrderMissing);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the type: a message may carry data that does not belong in a log or a column.
                error = e.GetType().Name;
            }

            var permanent = error == nameof(RefundSettleOutcome.OrderMissing);
            var recorded = await refunds.RecordSettleFailureAsync(refundId, error, nowMs,
                count => permanent ? null : BackgroundRetry.Next(options.BackgroundRetryMs, count, nowMs), cancellationToken)
                .ConfigureAwait(false);
            if (recorded is not null)
            {
                failures.Add(new RefundSettleFailure(refundId, error, recorded.Failures, recorded.Parked));
            }
        }

        return new RefundSweep(pending.Count, failures);
    }
}

/// <summary>What one sweep did: <see cref="Found"/> refunds were due, <see cref="Failures"/> of them failed.</summary>
public sealed record RefundSweep(int Found, IReadOnlyList<RefundSettleFailure> Failures);

/// <summary>One failed settlement: the refund, the outcome or exception type, the failures so far, parked or not.</summary>
public sealed record RefundSettleFailure(long RefundId, string Error, int Failures, bool Parked);
