using Citrine.Application.Sandbox;

namespace Citrine.Application;

/// <summary>
/// Moves overdue records (orders, contracts) along their lifecycle's Expire edge with its webhook. Used by the sweeper
/// and lazily by every read that answers a client, so no answer shows a record alive after its deadline. Idempotent
/// and safe on several nodes: the store's conditional update lets exactly one caller win, and only the winner writes
/// the webhook.
/// </summary>
public abstract class Expiry<T>(TimeProvider time, IBackgroundFailureStore failures, CitrineOptions options)
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
    /// sweep, never expire early). Each record on its own (issue 12): one that throws is recorded in
    /// <see cref="IBackgroundFailureStore"/> under <see cref="LoopName"/>, retried with backoff and parked after
    /// <see cref="BackgroundRetry.MaxFailures"/> failures; the listing leaves out records waiting or parked.</summary>
    public async Task<ExpirySweep> SweepAsync(CancellationToken cancellationToken)
    {
        var serverNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var overdue = await ListOverdueAsync(serverNowMs, SweepBatchMax, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        var failed = new List<BackgroundFailure>();
        foreach (var item in overdue)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var merchantId = MerchantOf(item);
            var nowMs = time.MerchantNowMs(merchantId);
            try
            {
                if (await TryExpireAsync(item, nowMs, cancellationToken).ConfigureAwait(false))
                {
                    expired++;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the type: a message may carry data that does not belong in a log or a column.
                failed.Add(await failures.RecordAsync(LoopName, IdOf(item), merchantId, e.GetType().Name,
                    serverNowMs, count => BackgroundRetry.Next(options.BackgroundRetryMs, count, serverNowMs),
                    cancellationToken).ConfigureAwait(false));
            }
        }

        return new ExpirySweep(overdue.Count, expired, failed);
    }

    /// <summary>The loop's name in the failure records (<see cref="BackgroundRetry"/>).</summary>
    protected abstract string LoopName { get; }

    /// <summary>The record's id in the failure records.</summary>
    protected abstract long IdOf(T item);

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

/// <summary>What one expiry sweep did: <see cref="Found"/> records were overdue, <see cref="Expired"/> of them this
/// caller expired, <see cref="Failures"/> failed (a full batch means more may be due).</summary>
public sealed record ExpirySweep(int Found, int Expired, IReadOnlyList<BackgroundFailure> Failures);
