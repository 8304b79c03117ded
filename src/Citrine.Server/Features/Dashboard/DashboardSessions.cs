using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Citrine.Application.Sandbox;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Dashboard;

/// <summary>
/// One signed-in browser: the operator (<see cref="MerchantId"/> null, by the admin token) or one merchant (by an API
/// key and its secret). <see cref="CsrfToken"/> is the synchronizer token every POST form of the session carries.
/// </summary>
internal sealed record DashboardSession(string Id, long? MerchantId, string? ApiKey, string Name, string CsrfToken)
{
    public bool IsOperator => MerchantId is null;

    /// <summary>Wall-clock ms of the last request; the session ends <see cref="DashboardSessions.IdleTimeout"/>
    /// after it.</summary>
    public long LastSeenMs { get; set; }
}

/// <summary>
/// The dashboard's server-side session table, kept in this node's memory: the cookie holds only a random id (32 bytes),
/// so there is nothing to sign and no key ring to persist or share. A restart, or another node behind a load balancer,
/// asks the user to sign in again (docs/sandbox.md#dashboard). Times are the wall clock, never the sandbox clock, so
/// advancing the clock does not end sessions.
/// </summary>
internal sealed class DashboardSessions(TimeProvider time)
{
    /// <summary>The session cookie: HttpOnly, SameSite=Strict, path /dashboard.</summary>
    public const string CookieName = "citrine_dashboard";

    /// <summary>The sign-in form's own token (double-submit), so that a cross-site page cannot sign a browser in to
    /// another account either.</summary>
    public const string LoginCookieName = "citrine_dashboard_login";

    /// <summary>The hidden field of every POST form.</summary>
    public const string CsrfField = "csrf";

    /// <summary>Most sessions kept at once; the oldest idle ones go first beyond it.</summary>
    public const int SessionsMax = 10_000;

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _wallClock = SandboxClock.WallClockOf(time);

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public DashboardSession Open(long? merchantId, string? apiKey, string name)
    {
        var nowMs = NowMs();
        if (_sessions.Count >= SessionsMax)
        {
            Prune(nowMs);
        }

        var session = new DashboardSession(NewToken(), merchantId, apiKey, name, NewToken()) { LastSeenMs = nowMs };
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session named by the request's cookie, touched; null when there is none or it expired.</summary>
    public DashboardSession? Find(HttpContext context)
    {
        var id = context.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(id) || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var nowMs = NowMs();
        if (nowMs - session.LastSeenMs > (long)IdleTimeout.TotalMilliseconds)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        session.LastSeenMs = nowMs;
        return session;
    }

    public void Close(DashboardSession session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>Constant-time comparison of a posted token with the expected one.</summary>
    public static bool TokensMatch(string? posted, string? expected) =>
        !string.IsNullOrEmpty(posted) && !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(posted), Encoding.UTF8.GetBytes(expected));

    public static void SetCookie(HttpContext context, string name, string value, TimeSpan? maxAge) =>
        context.Response.Cookies.Append(name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/dashboard",
            MaxAge = maxAge,
            IsEssential = true,
        });

    public static void DeleteCookie(HttpContext context, string name) =>
        context.Response.Cookies.Delete(name, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/dashboard",
        });

    private long NowMs() => _wallClock.GetUtcNow().ToUnixTimeMilliseconds();

    private void Prune(long nowMs)
    {
        foreach (var (id, session) in _sessions)
        {
            if (nowMs - session.LastSeenMs > (long)IdleTimeout.TotalMilliseconds)
            {
                _sessions.TryRemove(id, out _);
            }
        }

        // Still full: drop the least recently used tenth.
        if (_sessions.Count >= SessionsMax)
        {
            foreach (var stale in _sessions.Values.OrderBy(s => s.LastSeenMs).Take(SessionsMax / 10).ToList())
            {
                _sessions.TryRemove(stale.Id, out _);
            }
        }
    }
}
