namespace Citrine.Application.Sandbox;

/// <summary>
/// The server's business clock: the base <see cref="TimeProvider"/> plus an offset that the sandbox can only move
/// forward (<c>/sandbox/clock/advance</c>). The offset is kept in the database so several nodes agree; each node
/// refreshes it every sweep interval and at start. Order times, expiry and webhook retry schedules follow this clock;
/// request timestamps and nonces are judged by <see cref="Base"/>, because merchants sign with their real clock.
/// Timers and timestamps are the base clock's: advancing never fires a timer early, it makes work due.
/// </summary>
public sealed class SandboxClock(TimeProvider baseTime) : TimeProvider
{
    private long _offsetMs;

    /// <summary>The wall clock underneath (a fake one in tests).</summary>
    public TimeProvider Base { get; } = baseTime;

    /// <summary>
    /// The wall clock under a possibly-sandboxed <paramref name="time"/>. Signature timestamps (webhooks sent to merchants)
    /// must follow the receiver's real clock, not the sandbox clock, or an advance would put them outside any window.
    /// </summary>
    public static TimeProvider WallClockOf(TimeProvider time) => time is SandboxClock sandbox ? sandbox.Base : time;

    /// <summary>How far the sandbox clock is ahead of <see cref="Base"/>.</summary>
    public long OffsetMs => Interlocked.Read(ref _offsetMs);

    public override long TimestampFrequency => Base.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Base.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => Base.GetUtcNow().AddMilliseconds(OffsetMs);

    public override long GetTimestamp() => Base.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Base.CreateTimer(callback, state, dueTime, period);

    /// <summary>Adopts an offset read from the database. Offsets only grow, so a stale read never moves time
    /// back.</summary>
    public void Observe(long offsetMs)
    {
        var seen = Interlocked.Read(ref _offsetMs);
        while (offsetMs > seen)
        {
            var previous = Interlocked.CompareExchange(ref _offsetMs, offsetMs, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
