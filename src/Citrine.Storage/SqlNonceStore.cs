using Citrine.Application.Auth;
using Citrine.Storage.Sqlite;

namespace Citrine.Storage;

/// <summary>
/// Nonce replay protection without a durable commit per request (docs/adr/0005-nonces-without-a-commit.md).
/// SQLite, one node: the nonces live in <see cref="NonceMemory"/>; a clean stop writes them to <c>nonces</c> and the
/// next start reads them back; a start after an unclean stop refuses timestamps up to the highest one the lost run
/// accepted (<see cref="NonceHighWater"/>), or, after a reboot, signed before start + window.
/// PostgreSQL, several nodes: <c>nonces</c> is an UNLOGGED table (no WAL, so no fsync wait) written outside any
/// transaction; a crash of PostgreSQL empties it together with the unlogged <c>nonce_epoch</c> row, and the first node
/// to notice re-arms the epoch, which fences timestamps signed before it + window on every node.
/// </summary>
public sealed class SqlNonceStore(Database database) : INonceStore
{
    /// <summary>Slack beyond twice the window before a nonce in memory is forgotten (clock steps, prune cadence).</summary>
    private const long MemoryMarginMs = 2_000;

    /// <summary>How far back a start reads the nonces a clean stop left (the sweeper's retention).</summary>
    private const long LoadMarginMs = 60_000;

    private const string UsePostgres = """
        WITH epoch AS (SELECT armed_ms FROM nonce_epoch WHERE id = 1),
        used AS (
            INSERT INTO nonces (api_key, nonce, used_at_ms)
            SELECT @k, @n, @t FROM epoch WHERE @ts >= epoch.armed_ms + @w
            ON CONFLICT DO NOTHING RETURNING 1)
        SELECT (SELECT armed_ms FROM epoch), (SELECT COUNT(*) FROM used)
        """;

    private readonly NonceMemory _memory = new();
    private long _windowMs;
    private long _fenceMs = long.MinValue;
    private long _nextPruneMs;
    private NonceHighWater? _highWater;

    public async Task OpenAsync(long nowMs, long windowMs, CancellationToken cancellationToken)
    {
        _windowMs = windowMs;
        if (database.Kind != DatabaseKind.Sqlite)
        {
            return;
        }

        var (clean, left) = await database.WriteAsync(async (c, ct) =>
        {
            var wasClean = await c.ScalarLongAsync("SELECT clean FROM nonce_state WHERE id = 1", ct)
                .ConfigureAwait(false) != 0;
            var rows = await c.QueryAsync("SELECT api_key, nonce, used_at_ms FROM nonces WHERE used_at_ms >= @t",
                r => (ApiKey: r.GetString(0), Nonce: r.GetString(1), UsedAtMs: r.GetInt64(2)), ct,
                ("@t", nowMs - (2 * windowMs) - LoadMarginMs)).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM nonces", ct).ConfigureAwait(false);
            await c.ExecuteAsync("UPDATE nonce_state SET clean = 0 WHERE id = 1", ct).ConfigureAwait(false);
            return (wasClean, rows);
        }, cancellationToken).ConfigureAwait(false);

        foreach (var (apiKey, nonce, usedAtMs) in left)
        {
            _memory.TryAdd(apiKey, nonce, usedAtMs);
        }

        // After an unclean stop the nonces the last run accepted are gone. Each was signed at or before the high-water
        // mark, unless the machine rebooted; then at most one window after the crash, which was before now.
        var directory = Path.GetDirectoryName(((SqliteDatabase)database).FilePath)!;
        _highWater = NonceHighWater.Open(Path.Combine(directory, "citrine.nonce-mark"));
        var mark = _highWater.TakeOver(clean ? null : nowMs + windowMs - 1);
        Volatile.Write(ref _fenceMs, clean ? long.MinValue : mark is { } highest ? highest + 1 : nowMs + windowMs);
    }

    public Task<NonceUse> TryUseAsync(string apiKey, string nonce, long timestampMs, long nowMs,
        CancellationToken cancellationToken)
    {
        if (database.Kind != DatabaseKind.Sqlite)
        {
            return UseSharedAsync(apiKey, nonce, timestampMs, nowMs, cancellationToken);
        }

        if (timestampMs < Volatile.Read(ref _fenceMs))
        {
            return Task.FromResult(NonceUse.BeforeRestart);
        }

        PruneMemoryWhenDue(nowMs);
        if (!_memory.TryAdd(apiKey, nonce, nowMs))
        {
            return Task.FromResult(NonceUse.Replayed);
        }

        _highWater?.Raise(timestampMs);
        return Task.FromResult(NonceUse.Accepted);
    }

    public Task<int> PruneAsync(long beforeMs, CancellationToken cancellationToken) =>
        database.Kind == DatabaseKind.Sqlite
            ? Task.FromResult(_memory.Prune(beforeMs))
            : database.ReadAsync((c, ct) => c.ExecuteAsync("DELETE FROM nonces WHERE used_at_ms < @t", ct,
                ("@t", beforeMs)), cancellationToken);

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (database.Kind != DatabaseKind.Sqlite)
        {
            return;
        }

        var nonces = _memory.All().ToList();
        await database.WriteAsync(async (c, ct) =>
        {
            await using var insert = c.Command(
                "INSERT INTO nonces (api_key, nonce, used_at_ms) VALUES (@k, @n, @t) ON CONFLICT DO NOTHING",
                ("@k", ""), ("@n", ""), ("@t", 0L));
            foreach (var (apiKey, nonce, usedAtMs) in nonces)
            {
                insert.Parameters[0].Value = apiKey;
                insert.Parameters[1].Value = nonce;
                insert.Parameters[2].Value = usedAtMs;
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return await c.ExecuteAsync("UPDATE nonce_state SET clean = 1 WHERE id = 1", ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private void PruneMemoryWhenDue(long nowMs)
    {
        var due = Volatile.Read(ref _nextPruneMs);
        if (nowMs < due || Interlocked.CompareExchange(ref _nextPruneMs, nowMs + Math.Max(1_000, _windowMs), due) != due)
        {
            return;
        }

        _memory.Prune(nowMs - (2 * _windowMs) - MemoryMarginMs);
    }

    // One statement outside a transaction: on an unlogged table its commit waits for no WAL flush, and nonces of
    // every node meet in the primary key. Reads therefore make no durable write at all.
    private async Task<NonceUse> UseSharedAsync(string apiKey, string nonce, long timestampMs, long nowMs,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (armedMs, inserted) = await database.ReadAsync(async (c, ct) =>
            {
                var row = await c.QueryAsync(UsePostgres, r => (r.NullableLong(0), r.GetInt64(1)), ct,
                    ("@k", apiKey), ("@n", nonce), ("@t", nowMs), ("@ts", timestampMs), ("@w", _windowMs))
                    .ConfigureAwait(false);
                return row[0];
            }, cancellationToken).ConfigureAwait(false);
            if (inserted == 1)
            {
                return NonceUse.Accepted;
            }

            if (armedMs is { } armed)
            {
                return timestampMs < armed + _windowMs ? NonceUse.BeforeRestart : NonceUse.Replayed;
            }

            // The epoch row is gone: PostgreSQL restarted after a crash and emptied its unlogged tables, nonces
            // included. Re-arm it with now (the first node wins; the others read its time) and decide again.
            if (attempt > 0)
            {
                return NonceUse.BeforeRestart;
            }

            await database.ReadAsync((c, ct) => c.ExecuteAsync(
                "INSERT INTO nonce_epoch (id, armed_ms) VALUES (1, @now) ON CONFLICT DO NOTHING", ct,
                ("@now", nowMs)), cancellationToken).ConfigureAwait(false);
        }
    }
}
