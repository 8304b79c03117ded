using Citrine.Application.Sandbox;

namespace Citrine.Application;

/// <summary>
/// Moves overdue records (orders, contracts) along their lifecycle's Expire edge with its webhook. Used by the sweeper
/// and lazily by every read that answers a client, so no answer shows a record alive after its deadline. Idempotent
/// and safe on several nodes: the store's conditional update lets exactly one caller win, and only the winner writes
/// the webhook.
/// </summary>
public abstract class Expiry<T>(TimeProvider time)
    where T : class
{
    /// <summary>Largest batch one sweep handles.</summary>
    public const int SweepBatchMax = 200;

    /// <summary>Expires <paramref name="item"/> if it is overdue; returns it as it now stands.</summary>
    public async Task<T> ExpireIfOverdueAsync(T item, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(MerchantOf(item));
        if (!IsOverdue(item, nowMs))
        {
            return item;
        }

        await TryExpireAsync(item, nowMs, cancellationToken).ConfigureAwait(false);
        return await ReloadAsync(item, cancellationToken).ConfigureAwait(false) ?? item;
    }

    /// <summary>One sweep: expires up to <see cref="SweepBatchMax"/> overdue records; returns how many it expired.
    /// Each record is overdue by its own merchant's clock: the store adds each merchant's offset from the database to
    /// the server-wide now in SQL, and each expiry is stamped with its merchant's now (this node's copy, refreshed
    /// by the sweeper before each sweep; a copy that lags makes the conditional update miss until the next
    /// sweep, never expire early).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var serverNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var overdue = await ListOverdueAsync(serverNowMs, SweepBatchMax, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var item in overdue)
        {
            var nowMs = time.MerchantNowMs(MerchantOf(item));
            if (await TryExpireAsync(item, nowMs, cancellationToken).ConfigureAwait(false))
            {
                expired++;
            }
        }

        return expired;
    }

    /// <summary>The merchant whose sandbox clock the record follows.</summary>
    protected abstract long MerchantOf(T item);

    protected abstract bool IsOverdue(T item, long nowMs);

    /// <summary>The store's conditional Expire update with its webhook; true when this caller won.</summary>
    protected abstract Task<bool> TryExpireAsync(T item, long nowMs, CancellationToken cancellationToken);

    protected abstract Task<T?> ReloadAsync(T item, CancellationToken cancellationToken);

    /// <summary>Records overdue by their merchant's clock: <paramref name="nowMs"/> (server-wide) plus the merchant's
    /// offset in the database.</summary>
    protected abstract Task<IReadOnlyList<T>> ListOverdueAsync(long nowMs, int limit,
        CancellationToken cancellationToken);
}
