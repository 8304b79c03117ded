using System.IO.MemoryMappedFiles;

namespace Citrine.Storage.Sqlite;

/// <summary>
/// The highest request timestamp this run has accepted, kept in a memory-mapped file beside the database. A write to
/// a shared mapping is in the operating system's page cache at once, so it outlives the process however it dies
/// (even SIGKILL) without an fsync; only a crash of the operating system can lose it, which the boot time recorded
/// beside it reveals. After an unclean stop the next start refuses timestamps up to this mark: every nonce the lost
/// memory held was signed at or before it (docs/adr/0005-nonces-without-a-commit.md).
/// </summary>
internal sealed class NonceHighWater : IDisposable
{
    private const int HighWaterOffset = 0;
    private const int BootOffset = 8;

    /// <summary>Two estimates of the boot time further apart than this mean the machine restarted.</summary>
    private const long BootToleranceMs = 10_000;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Lock _gate = new();
    private long _highWaterMs;

    private NonceHighWater(MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        _file = file;
        _view = view;
    }

    public static NonceHighWater Open(string path)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.OpenOrCreate, null, 16,
            MemoryMappedFileAccess.ReadWrite);
        return new NonceHighWater(file, file.CreateViewAccessor(0, 16));
    }

    /// <summary>
    /// The highest timestamp the previous run may have accepted, or null when the machine restarted since (the mark
    /// may then be stale). Starts this run at that mark, so a second crash still fences the first one's nonces;
    /// after a reboot at <paramref name="rebootFenceMs"/> (null after a clean stop: nothing was lost).
    /// </summary>
    public long? TakeOver(long? rebootFenceMs)
    {
        var boot = BootTimeMs();
        var previous = _view.ReadInt64(HighWaterOffset);
        var sameBoot = Math.Abs(_view.ReadInt64(BootOffset) - boot) <= BootToleranceMs;
        _highWaterMs = sameBoot ? previous : rebootFenceMs is { } fence ? Math.Max(previous, fence) : 0;
        _view.Write(HighWaterOffset, _highWaterMs);
        _view.Write(BootOffset, boot);
        return sameBoot ? previous : null;
    }

    /// <summary>Raises the mark to <paramref name="timestampMs"/> before the request is accepted.</summary>
    public void Raise(long timestampMs)
    {
        if (timestampMs <= Volatile.Read(ref _highWaterMs))
        {
            return;
        }

        lock (_gate)
        {
            if (timestampMs > _highWaterMs)
            {
                _view.Write(HighWaterOffset, timestampMs);
                Volatile.Write(ref _highWaterMs, timestampMs);
            }
        }
    }

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }

    // The real clock, never the server's TimeProvider (tests run on fake clocks): now minus the time since boot.
    private static long BootTimeMs() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - Environment.TickCount64;
}
