using System.Net;
using System.Net.Http.Headers;

namespace Citrine.Client.Http;

/// <summary>
/// When to try again and how long to wait, after stripe-dotnet's <c>ShouldRetry</c>/<c>SleepTime</c>: connection
/// failures, 429 and 5xx; exponential backoff from <see cref="CitrineClientOptions.RetryDelay"/>, capped at
/// <see cref="CitrineClientOptions.RetryDelayMax"/>, with up to half of it taken off at random so that many clients
/// failing together do not retry together.
/// </summary>
internal sealed class RetryPolicy(int maxRetries, TimeSpan delay, TimeSpan delayMax)
{
    public int MaxRetries { get; } = maxRetries;

    /// <summary>Whether an HTTP answer is worth another attempt.</summary>
    public static bool ShouldRetry(HttpStatusCode status, RetryKind kind) => (int)status switch
    {
        // Rate limited, or the service said it could not take the request: nothing was done.
        429 or 503 => true,
        // Other server errors may have happened after the work was done: repeat only what cannot act twice.
        >= 500 => kind != RetryKind.Unkeyed,
        _ => false,
    };

    /// <summary>Whether a transport failure is worth another attempt.</summary>
    public static bool ShouldRetry(HttpRequestException exception, RetryKind kind) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || kind != RetryKind.Unkeyed;

    /// <summary>Delay before attempt <paramref name="nextAttempt"/> (2 = first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return Min(delta, delayMax);
        }

        if (retryAfter?.Date is { } date)
        {
            return Min(date - now < TimeSpan.Zero ? TimeSpan.Zero : date - now, delayMax);
        }

        var exponent = Math.Min(nextAttempt - 2, 30);
        var ticks = Math.Min(delay.Ticks * Math.Pow(2, exponent), delayMax.Ticks);
#pragma warning disable CA5394 // Jitter spreads retries; it protects nothing, so it needs no secure randomness.
        var jittered = ticks * (0.5 + (Random.Shared.NextDouble() / 2));
#pragma warning restore CA5394
        return TimeSpan.FromTicks((long)jittered);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
