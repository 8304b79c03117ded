namespace Citrine.Application.Auth;

/// <summary>What became of a nonce offered for use.</summary>
public enum NonceUse
{
    /// <summary>First use by this key: the request may proceed.</summary>
    Accepted,

    /// <summary>The key already used this nonce: a replay (400001).</summary>
    Replayed,

    /// <summary>
    /// The request's timestamp is older than the restart fence: it may have been accepted before a crash that lost
    /// the nonces in memory, so it is refused as a stale timestamp (400003). See docs/adr/0005-nonces-without-a-commit.md.
    /// </summary>
    BeforeRestart,
}

/// <summary>
/// Nonce replay protection without a durable commit of its own (docs/adr/0005-nonces-without-a-commit.md): memory on
/// one SQLite node, an unlogged table shared by the nodes on PostgreSQL, and a restart fence for what a crash loses.
/// </summary>
public interface INonceStore
{
    /// <summary>
    /// Called once before the first request: takes over what the previous run left and sets the restart fence for a
    /// run that did not stop cleanly. <paramref name="windowMs"/> is the timestamp window.
    /// </summary>
    Task OpenAsync(long nowMs, long windowMs, CancellationToken cancellationToken);

    /// <summary>Records the nonce for the key, unless it was used already or the timestamp is before the fence.</summary>
    Task<NonceUse> TryUseAsync(string apiKey, string nonce, long timestampMs, long nowMs,
        CancellationToken cancellationToken);

    /// <summary>Forgets nonces recorded before <paramref name="beforeMs"/>; they are outside any timestamp window.</summary>
    Task<int> PruneAsync(long beforeMs, CancellationToken cancellationToken);

    /// <summary>Called once after the last request (a clean stop): keeps what the next run must know.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
