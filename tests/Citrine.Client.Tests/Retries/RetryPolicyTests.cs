using System.Net;
using System.Net.Http.Headers;
using Citrine.Client.Http;

namespace Citrine.Client.Tests.Retries;

/// <summary>The retry classification and backoff arithmetic.</summary>
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData(429, "Unkeyed", true)]
    [InlineData(503, "Unkeyed", true)]
    [InlineData(500, "Unkeyed", false)]
    [InlineData(502, "Unkeyed", false)]
    [InlineData(500, "Keyed", true)]
    [InlineData(504, "Read", true)]
    [InlineData(400, "Read", false)]
    [InlineData(404, "Read", false)]
    [InlineData(200, "Read", false)]
    public void Statuses_are_retried_by_kind(int status, string kind, bool retried) =>
        RetryPolicy.ShouldRetry((HttpStatusCode)status, Enum.Parse<RetryKind>(kind)).ShouldBe(retried);

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, "Unkeyed", true)]
    [InlineData(HttpRequestError.NameResolutionError, "Unkeyed", true)]
    [InlineData(HttpRequestError.ResponseEnded, "Unkeyed", false)]
    [InlineData(HttpRequestError.ResponseEnded, "Keyed", true)]
    [InlineData(HttpRequestError.Unknown, "Read", true)]
    public void Transport_failures_are_retried_by_kind(HttpRequestError error, string kind, bool retried) =>
        RetryPolicy.ShouldRetry(new HttpRequestException(error, "x"), Enum.Parse<RetryKind>(kind)).ShouldBe(retried);

    [Fact]
    public void Delays_double_from_the_first_and_keep_between_half_and_all_of_it()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            var full = 100 * Math.Pow(2, attempt - 2);
            for (var i = 0; i < 50; i++)
            {
                var delay = policy.DelayBefore(attempt, null, Now).TotalMilliseconds;
                delay.ShouldBeInRange(full / 2, full);
            }
        }
    }

    [Fact]
    public void Delays_are_capped()
    {
        var policy = new RetryPolicy(50, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        policy.DelayBefore(40, null, Now).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Jitter_spreads_the_delays()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Enumerable.Range(0, 20).Select(_ => policy.DelayBefore(2, null, Now)).Distinct().Count()
            .ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Retry_After_is_honoured_up_to_the_cap()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        policy.DelayBefore(2, new RetryConditionHeaderValue(TimeSpan.FromSeconds(2)), Now)
            .ShouldBe(TimeSpan.FromSeconds(2));
        policy.DelayBefore(2, new RetryConditionHeaderValue(TimeSpan.FromMinutes(5)), Now)
            .ShouldBe(TimeSpan.FromSeconds(5));
        policy.DelayBefore(2, new RetryConditionHeaderValue(Now.AddSeconds(3)), Now)
            .ShouldBe(TimeSpan.FromSeconds(3));
    }
}
