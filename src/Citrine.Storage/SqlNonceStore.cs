using Citrine.Application.Auth;

namespace Citrine.Storage;

/// <summary>Nonces per API key, unique by primary key.</summary>
public sealed class SqlNonceStore(Database database) : INonceStore
{
    public Task<bool> TryUseAsync(string apiKey, string nonce, long nowMs, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) => await c.ExecuteAsync(
            "INSERT INTO nonces (api_key, nonce, used_at_ms) VALUES (@k, @n, @t) ON CONFLICT DO NOTHING", ct,
            ("@k", apiKey), ("@n", nonce), ("@t", nowMs)).ConfigureAwait(false) == 1, cancellationToken);

    public Task<int> PruneAsync(long beforeMs, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ExecuteAsync("DELETE FROM nonces WHERE used_at_ms < @t", ct, ("@t", beforeMs)),
            cancellationToken);
}
