using System.Globalization;
using Citrine.Contracts;

namespace Citrine.Application.Sandbox.Faults;

/// <summary>
/// Arms, lists and clears a merchant's fault rules, and decides which request or webhook delivery gets a fault
/// (docs/sandbox.md#fault-injection). The rules live in the database; this node keeps a snapshot of the armed ones,
/// read again at most every <see cref="SnapshotMaxAgeMs"/> (and at once after an arm or a clear on this node), so a
/// merchant without rules costs no query. The snapshot only says which rule to try: the use itself is taken by the
/// database (<see cref="IFaultStore.TryConsumeAsync"/>), so a rule armed on another node starts within
/// <see cref="SnapshotMaxAgeMs"/>, and a cleared or spent rule is never used again on any node.
/// </summary>
public sealed class FaultInjector(IFaultStore store, TimeProvider time)
{
    /// <summary>Most uses one rule arms.</summary>
    public const int CountMax = 100;

    /// <summary>Longest stall of a request.</summary>
    public const long StallMaxMs = 60_000;

    /// <summary>Longest webhook delay, and longest hold of a reordered webhook. A delivery holds its lease meanwhile,
    /// so this stays below the dispatcher's lease margin (Citrine:WebhookLeaseMarginMs, 30 s by default).</summary>
    public const long WebhookHoldMaxMs = 20_000;

    /// <summary>Longest <c>Retry-After</c> an armed 429 or 503 sends.</summary>
    public const int RetryAfterMaxSeconds = 60;

    /// <summary>Most rules with uses left one merchant may have at once.</summary>
    public const int ArmedMax = 20;

    /// <summary>Longest request path (or prefix) a rule names.</summary>
    public const int PathMax = 256;

    /// <summary>How old this node's snapshot of the armed rules may get before a request reads them again.</summary>
    public const long SnapshotMaxAgeMs = 1_000;

    /// <summary>The HTTP statuses a <see cref="FaultKinds.Status"/> rule may answer.</summary>
    public static IReadOnlyList<int> Statuses { get; } = [429, 500, 503];

    private volatile Snapshot? _snapshot;
    private Load? _loading;
    private long _generation;

    /// <summary>Stores a new rule for its merchant, with all its uses left.</summary>
    public async Task<Result<FaultRule>> ArmAsync(FaultRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var armed = await store.ArmAsync(rule with
        {
            Remaining = rule.Count,
            CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        }, ArmedMax, cancellationToken).ConfigureAwait(false);
        Invalidate();
        return armed is null
            ? Result<FaultRule>.Fail(ResultCodes.InvalidRequest, string.Create(CultureInfo.InvariantCulture,
                $"at most {ArmedMax} armed faults per merchant; clear some first"))
            : Result<FaultRule>.Ok(armed);
    }

    public Task<IReadOnlyList<FaultRule>> ListAsync(long merchantId, CancellationToken cancellationToken) =>
        store.ListAsync(merchantId, cancellationToken);

    public async Task<int> ClearAsync(long merchantId, CancellationToken cancellationToken)
    {
        var cleared = await store.ClearAsync(merchantId, cancellationToken).ConfigureAwait(false);
        Invalidate();
        return cleared;
    }

    /// <summary>The fault for this request of the merchant, its use already taken; null for a normal request (the
    /// usual case, answered from the snapshot without a query).</summary>
    public ValueTask<FaultRule?> TakeRequestFaultAsync(long merchantId, string path,
        CancellationToken cancellationToken) =>
        TakeAsync(merchantId, rule => rule.Matches(path), cancellationToken);

    /// <summary>The fault for the merchant's next webhook delivery, its use already taken; null for none.</summary>
    public ValueTask<FaultRule?> TakeWebhookFaultAsync(long merchantId, CancellationToken cancellationToken) =>
        TakeAsync(merchantId, rule => rule.IsWebhook, cancellationToken);

    private async ValueTask<FaultRule?> TakeAsync(long merchantId, Func<FaultRule, bool> applies,
        CancellationToken cancellationToken)
    {
        var snapshot = _snapshot is { } current && !current.IsStale
            ? current
            : await RefreshAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!snapshot.Rules.TryGetValue(merchantId, out var rules))
        {
            return null;
        }

        // Oldest matching rule first; one whose last use another request just took is skipped for the next.
        foreach (var rule in rules.Where(applies))
        {
            if (await store.TryConsumeAsync(rule.FaultId, cancellationToken).ConfigureAwait(false) is not { } left)
            {
                Invalidate();
                continue;
            }

            if (left == 0)
            {
                Invalidate(); // Spent: the next request reads the rules again rather than try it.
            }

            return rule with { Remaining = left };
        }

        return null;
    }

    private void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    /// <summary>One read of the armed rules at a time, shared by every request that finds the snapshot stale; a read
    /// begun before the last arm or clear on this node is not shared.</summary>
    private Task<Snapshot> RefreshAsync()
    {
        var generation = Interlocked.Read(ref _generation);
        var loading = Volatile.Read(ref _loading);
        if (loading is { Task.IsCompleted: false } && loading.Generation == generation)
        {
            return loading.Task;
        }

        var mine = new TaskCompletionSource<Snapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = Interlocked.CompareExchange(ref _loading, new Load(mine.Task, generation), loading);
        if (!ReferenceEquals(current, loading))
        {
            return current!.Task; // Another request started a read first.
        }

        _ = LoadAsync(mine, generation);
        return mine.Task;
    }

    private async Task LoadAsync(TaskCompletionSource<Snapshot> into, long generation)
    {
        try
        {
            var armed = await store.ListArmedAsync(CancellationToken.None).ConfigureAwait(false);
            var rules = armed.GroupBy(r => r.MerchantId)
                .ToDictionary(g => g.Key, g => g.OrderBy(r => r.FaultId).ToArray());
            // A rule armed or cleared on this node while the read ran may be missing from it: the requests that wait
            // for this read use it, the next one reads again.
            var snapshot = new Snapshot(rules,
                Interlocked.Read(ref _generation) == generation ? Environment.TickCount64 : long.MinValue / 2);
            _snapshot = snapshot;
            into.SetResult(snapshot);
        }
        catch (Exception e)
        {
            into.SetException(e);
        }
    }

    private sealed record Load(Task<Snapshot> Task, long Generation);

    /// <summary>The armed rules by merchant, and when they were read (wall-clock ticks: a sandbox clock advance must
    /// not keep a stale snapshot alive).</summary>
    private sealed record Snapshot(Dictionary<long, FaultRule[]> Rules, long ReadAtTicks)
    {
        public bool IsStale => Environment.TickCount64 - ReadAtTicks >= SnapshotMaxAgeMs;
    }
}
