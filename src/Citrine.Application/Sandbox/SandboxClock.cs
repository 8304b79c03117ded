using System.Collections.Concurrent;

namespace Citrine.Application.Sandbox;

/// <summary>
/// The server's business clock: the base <see cref="TimeProvider"/> plus a server-wide offset that only the
/// administrator moves, plus, per merchant, that merchant's own offset (<c>/sandbox/clock/advance</c>); both only move
/// forward. As a <see cref="TimeProvider"/> it is the server-wide clock; <see cref="For"/> gives a merchant's clock,
/// which every business time of that merchant's records follows (order and contract times, expiry, refunds, webhook
/// retry schedules). The offsets are kept in the database so several nodes agree; each node refreshes its copy at
/// start and every sweep interval, and the background loops compare against the database's offsets in SQL
/// (docs/architecture.md#sandbox-clock). Request timestamps and nonces are judged by <see cref="Base"/>, because
/// merchants sign with their real clock. Timers and timestamps are the base clock's: advancing never fires a timer
/// early, it makes work due.
/// </summary>
public sealed class SandboxClock(TimeProvider baseTime) : TimeProvider
{
    private readonly ConcurrentDictionary<long, long> _merchantOffsets = new();
    private long _offsetMs;

    /// <summary>The wall clock underneath (a fake one in tests).</summary>
    /// <summary>
    /// Furthest either offset may run ahead: 100 years. Without a cap, repeated advances would push
    /// <see cref="GetUtcNow"/> past <see cref="DateTimeOffset.MaxValue"/> and every request would fail.
    /// </summary>
    public const long OffsetMaxMs = 100L * 365 * 24 * 60 * 60 * 1000;

    public TimeProvider Base { get; } = baseTime;

    /// <summary>
    /// The wall clock under a possibly-sandboxed <paramref name="time"/>. Signature timestamps (webhooks sent to merchants)
    /// must follow the receiver's real clock, not the sandbox clock, or an advance would put them outside any window.
    /// </summary>
    public static TimeProvider WallClockOf(TimeProvider time) => time switch
    {
        SandboxClock sandbox => sandbox.Base,
        MerchantClock merchant => merchant.Server.Base,
        _ => time,
    };

    /// <summary>How far the server-wide clock is ahead of <see cref="Base"/>.</summary>
    public long OffsetMs => Interlocked.Read(ref _offsetMs);

    /// <summary>This node's copy of the merchant's own offset (on top of <see cref="OffsetMs"/>).</summary>
    public long MerchantOffsetMs(long merchantId) => _merchantOffsets.GetValueOrDefault(merchantId);

    /// <summary>The merchant's clock: base + server-wide offset + the merchant's offset.</summary>
    public TimeProvider For(long merchantId) => new MerchantClock(this, merchantId);

    public override long TimestampFrequency => Base.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Base.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => Base.GetUtcNow().AddMilliseconds(OffsetMs);

    public override long GetTimestamp() => Base.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Base.CreateTimer(callback, state, dueTime, period);

    /// <summary>Adopts a server-wide offset read from the database. Offsets only grow, so a stale read never moves
    /// time back.</summary>
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

    /// <summary>Adopts a merchant's offset read from the database; never moves that merchant's time back.</summary>
    public void ObserveMerchant(long merchantId, long offsetMs) =>
        _merchantOffsets.AddOrUpdate(merchantId, offsetMs, (_, seen) => Math.Max(seen, offsetMs));

    /// <summary>One merchant's view of the sandbox clock.</summary>
    private sealed class MerchantClock(SandboxClock server, long merchantId) : TimeProvider
    {
        public SandboxClock Server { get; } = server;

        public override long TimestampFrequency => Server.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => Server.LocalTimeZone;

        public override DateTimeOffset GetUtcNow() =>
            Server.GetUtcNow().AddMilliseconds(Server.MerchantOffsetMs(merchantId));

        public override long GetTimestamp() => Server.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime,
            TimeSpan period) => Server.CreateTimer(callback, state, dueTime, period);
    }
}

/// <summary>Reaching a merchant's clock from the <see cref="TimeProvider"/> a service was given.</summary>
public static class MerchantTime
{
    /// <summary>The merchant's business clock when <paramref name="time"/> is the sandbox clock; otherwise
    /// <paramref name="time"/> itself (a plain clock has no per-merchant offsets).</summary>
    public static TimeProvider ForMerchant(this TimeProvider time, long merchantId) =>
        time is SandboxClock sandbox ? sandbox.For(merchantId) : time;

    /// <summary>The merchant's business time now, in Unix milliseconds.</summary>
    public static long MerchantNowMs(this TimeProvider time, long merchantId) =>
        time.ForMerchant(merchantId).GetUtcNow().ToUnixTimeMilliseconds();
}
