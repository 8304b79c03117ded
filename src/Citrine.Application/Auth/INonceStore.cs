namespace Citrine.Application.Auth;

/// <summary>Nonce replay protection, decided by a unique constraint so it holds across nodes
/// (docs/decisions.md#nonce).</summary>
public interface INonceStore
{
    /// <summary>Records the nonce for the key; false when the key already used it.</summary>
    Task<bool> TryUseAsync(string apiKey, string nonce, long nowMs, CancellationToken cancellationToken);

    /// <summary>Deletes nonces recorded before <paramref name="beforeMs"/>; they are outside any timestamp window.</summary>
    Task<int> PruneAsync(long beforeMs, CancellationToken cancellationToken);
}
