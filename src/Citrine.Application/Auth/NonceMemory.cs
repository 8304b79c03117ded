using System.Collections.Concurrent;

namespace Citrine.Application.Auth;

/// <summary>
/// The nonces of one process, per API key. <see cref="TryAdd"/> is atomic, so of concurrent requests with the same
/// key and nonce exactly one wins. Its size is bounded by the request rate times the retention the caller prunes to
/// (twice the timestamp window plus a margin): a nonce used at time u can only be replayed while a timestamp signed
/// no earlier than u − window is still inside the window, that is until u + 2 × window.
/// </summary>
public sealed class NonceMemory
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _byKey =
        new(StringComparer.Ordinal);

    private long _count;

    /// <summary>How many nonces are held.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records the nonce; false when the key already holds it.</summary>
    public bool TryAdd(string apiKey, string nonce, long usedAtMs)
    {
        var nonces = _byKey.GetOrAdd(apiKey, static _ => new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        if (!nonces.TryAdd(nonce, usedAtMs))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    /// <summary>Forgets nonces used before <paramref name="beforeMs"/>; returns how many.</summary>
    public int Prune(long beforeMs)
    {
        var removed = 0;
        foreach (var (_, nonces) in _byKey)
        {
            foreach (var (nonce, usedAtMs) in nonces)
            {
                if (usedAtMs < beforeMs && nonces.TryRemove(new KeyValuePair<string, long>(nonce, usedAtMs)))
                {
                    removed++;
                }
            }
        }

        Interlocked.Add(ref _count, -removed);
        return removed;
    }

    /// <summary>Every nonce held, for a clean stop to persist.</summary>
    public IEnumerable<(string ApiKey, string Nonce, long UsedAtMs)> All() =>
        _byKey.SelectMany(k => k.Value.Select(n => (k.Key, n.Key, n.Value)));
}
