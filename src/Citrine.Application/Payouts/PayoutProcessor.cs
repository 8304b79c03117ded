using Citrine.Application.Sandbox;

namespace Citrine.Application.Payouts;

/// <summary>
/// Pays accepted payout lines, as Binance does asynchronously, and ends invitations whose receipt window has passed.
/// Safe on several nodes and across restarts: a line is leased before it is worked on (a crashed node's lease runs
/// out and another takes the line), and every change is a conditional update in the same transaction as its journal,
/// so a line is paid at most once. Each line is settled on its own: one that throws is left for the next sweep and
/// does not stop the others.
/// </summary>
public sealed class PayoutProcessor(IPayoutStore store, TimeProvider time)
{
    public const int SweepBatchMax = 100;

    /// <summary>How long a claimed line stays with its processor (server-wide clock).</summary>
    public const long LeaseMs = 10_000;

    /// <summary>Lines settled at once by one node.</summary>
    public const int SettleConcurrency = 4;

    /// <summary>Works on up to <see cref="SweepBatchMax"/> due lines and as many expired invitations.</summary>
    public async Task<PayoutSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var serverNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var claimed = await store.ClaimAsync(serverNowMs, serverNowMs + LeaseMs, SweepBatchMax, cancellationToken)
            .ConfigureAwait(false);

        // A few at a time: SQLite commits concurrent writes together, and PostgreSQL overlaps the lines of different
        // batches (those of one batch queue on its row lock).
        await Parallel.ForEachAsync(claimed,
            new ParallelOptions { MaxDegreeOfParallelism = SettleConcurrency, CancellationToken = cancellationToken },
            async (line, ct) =>
            {
                var nowMs = time.MerchantNowMs(line.MerchantId);
                await SettleAsync(line.LineId, line.LeaseToken, nowMs, f => PayoutPlans.Process(f, nowMs), failures,
                    ct).ConfigureAwait(false);
            }).ConfigureAwait(false);

        var expired = await store.ListExpiredAsync(serverNowMs, SweepBatchMax, cancellationToken)
            .ConfigureAwait(false);
        foreach (var (lineId, merchantId) in expired)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nowMs = time.MerchantNowMs(merchantId);
            await SettleAsync(lineId, null, nowMs, f => PayoutPlans.Expire(f, nowMs), failures, cancellationToken)
                .ConfigureAwait(false);
        }

        return new PayoutSweep(claimed.Count, expired.Count, [.. failures]);
    }

    private async Task SettleAsync(long lineId, string? token, long nowMs, Func<PayoutSettling, PayoutLinePlan> plan,
        System.Collections.Concurrent.ConcurrentBag<string> failures, CancellationToken cancellationToken)
    {
        try
        {
            await store.SettleAsync(lineId, token, nowMs, plan, PayoutPlans.Finished, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the type: a message may carry data that does not belong in a log.
            failures.Add($"line {lineId}: {e.GetType().Name}");
        }
    }
}

/// <summary>What one sweep did: lines claimed, invitations expired, and the lines that failed (retried later).</summary>
public sealed record PayoutSweep(int Claimed, int Expired, IReadOnlyList<string> Failures);
