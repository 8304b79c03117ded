using System.Globalization;
using System.Threading.RateLimiting;
using Citrine.Application;
using Citrine.Application.Backpressure;
using Citrine.Application.Merchants;
using Citrine.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Http;

/// <summary>
/// Overload answers (docs/architecture.md#backpressure): every request's database writes are refused at once when
/// the write queue is full (<see cref="WriteAdmission"/>), and, when <c>Citrine:RateLimit:PermitsPerSecond</c> is set,
/// each API key (<c>BinancePay-Certificate-SN</c>) has a token bucket in front of the ingress. Both answer
/// <c>409901 TOO_MANY_REQUESTS</c> with HTTP 429 and <c>Retry-After</c>.
/// </summary>
internal static class Backpressure
{
    /// <summary><c>Retry-After</c> of a full write queue or too many long polls: the queue drains in milliseconds.</summary>
    public const int BusyRetryAfterSeconds = 1;

    /// <summary><c>Retry-After</c> while the database is unreachable.</summary>
    public const int UnavailableRetryAfterSeconds = 2;

    private const string ApiKeyHeader = "BinancePay-Certificate-SN";

    public static IServiceCollection AddBackpressure(this IServiceCollection services, CitrineOptions options)
    {
        if (!options.RateLimit.Enabled)
        {
            return services;
        }

        var permits = options.RateLimit.PermitsPerSecond;
        var burst = options.RateLimit.Burst > 0 ? options.RateLimit.Burst : permits;
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Only a well-formed key has a bucket: anything else is refused by authentication anyway, and random
                // header values must not grow the set of buckets.
                var key = context.Request.Headers[ApiKeyHeader].ToString();
                return ApiKeyFormat.IsValid(key)
                    ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = permits,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty);
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : 1;
                await BinanceEnvelope.RetryLater(ResultCodes.TooManyRequests,
                    string.Create(CultureInfo.InvariantCulture,
                        $"rate limit of this API key exceeded ({permits} requests per second, burst {burst}); nothing was processed"),
                    seconds).ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
    }

    /// <summary>Marks every request's writes refusable, then applies the rate limit if one is configured.</summary>
    public static void UseBackpressure(this WebApplication app, CitrineOptions options)
    {
        // Async, so that the mark is undone when the request's flow returns (a synchronous setter would leave it on
        // the connection's flow).
        app.Use(static async (context, next) =>
        {
            WriteAdmission.RefuseWhenFull();
            await next(context).ConfigureAwait(false);
        });
        if (options.RateLimit.Enabled)
        {
            app.UseRateLimiter();
        }
    }
}
