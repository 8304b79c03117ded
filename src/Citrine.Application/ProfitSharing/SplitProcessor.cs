using System.Collections.Concurrent;
using Citrine.Application.Sandbox;

namespace Citrine.Application.ProfitSharing;

/// <summary>
/// Pays accepted split lines, as Binance does asynchronously (docs/compatibility.md#profit-sharing). Safe on several
/// nodes and across restarts like <c>PayoutProcessor</c>: a line is leased before it is worked on (a crashed node's
/// lease runs out and another takes it), and every change is a conditional update in the same transaction as its
/// journal, so a line is paid at most once.
/// </summary>
public sealed class SplitProcessor(ISplitStore store, TimeProvider time)
{
    public const int SweepBatchMax = 100;

    /// <summary>How long a claimed line stays with its processor (server-wide clock).</summary>
    public const long LeaseMs = 10_000;

    /// <summary>Why a line failed, in the query's words.</summary>
    public const string ReceiverNotRegistered = "RECEIVER_NOT_REGISTERED";

    public const string ReceiverFrozen = "RECEIVER_FROZEN";

    /// <summary>Settles up to <see cref="SweepBatchMax"/> due lines; returns how many were claimed and the failures
    /// (retried once their lease runs out).</summary>
    public async Task<(int Claimed, IReadOnlyList<string> Failures)> SweepAsync(CancellationToken cancellationToken)
    {
        var serverNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await store.ClaimAsync(serverNowMs, serverNowMs + LeaseMs, SweepBatchMax, cancellationToken)
            .ConfigureAwait(false);
        var failures = new ConcurrentBag<string>();
        foreach (var line in claimed)
        {
            try
            {
                // Leases run on the server's clock; the line's finishTime is the merchant's (its sandbox clock may
                // have been advanced), as every other time the merchant reads.
                await store.SettleAsync(line.DetailId, line.LeaseToken, time.MerchantNowMs(line.MerchantId), Decide,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the type: a message may carry data that does not belong in a log.
                failures.Add($"split line {line.DetailId}: {e.GetType().Name}");
            }
        }

        return (claimed.Count, [.. failures]);
    }

    /// <summary>A line pays its receiver unless the account is no longer registered (or, for a merchant, no longer
    /// accepts splits) or the buyer's payouts are frozen (the payout sandbox's freeze, docs/sandbox.md#payouts).</summary>
    public static (bool Pay, string? FailReason) Decide(SplitSettling found)
    {
        ArgumentNullException.ThrowIfNull(found);
        return found switch
        {
            { BuyerId: null, MerchantId: null } => (false, ReceiverNotRegistered),
            { Frozen: true } => (false, ReceiverFrozen),
            _ => (true, null),
        };
    }
}
