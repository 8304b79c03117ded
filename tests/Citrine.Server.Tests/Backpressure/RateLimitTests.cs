using Citrine.Testing;
using static Citrine.Server.Tests.Backpressure.BusyKit;

namespace Citrine.Server.Tests.Backpressure;

/// <summary>
/// The optional per-API-key rate limit (<c>Citrine:RateLimit</c>, docs/compatibility.md#backpressure): a key that spends
/// its burst gets the busy answer with <c>Retry-After</c>, other keys are not touched, the key is served again once the
/// bucket refills, and without the setting nothing is limited. The limiter sits before storage, so one database is
/// enough.
/// </summary>
public sealed class RateLimitTests
{
    private const string Events = "/sandbox/webhooks/events";

    [Fact]
    public async Task A_key_past_its_burst_gets_429_409901_with_Retry_After_other_keys_do_not_and_it_recovers()
    {
        await using var server = await TestServer.StartAsync(Store.Sqlite, o =>
        {
            o.RateLimit.PermitsPerSecond = 1;
            o.RateLimit.Burst = 2;
        });
        var hasty = await server.CreateMerchantAsync();
        var calm = await server.CreateMerchantAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(server.Http, hasty, Events,
            new { })));

        replies.ShouldAllBe(r => r.Answer.Code == "000000" || r.IsBusy, Summary(replies));
        replies.Count(r => r.Answer.Code == "000000").ShouldBeGreaterThanOrEqualTo(2, Summary(replies));
        var busy = replies.Where(r => r.IsBusy).ToList();
        busy.ShouldNotBeEmpty(Summary(replies));
        foreach (var reply in busy)
        {
            reply.ShouldBeBusy();
            reply.Answer.ErrorMessage!.ShouldContain("rate limit");
        }

        (await PostAsync(server.Http, calm, Events, new { })).Answer.Code.ShouldBe("000000");

        // Served again after the bucket refills (Retry-After says when).
        await Task.Delay(busy.Max(r => r.RetryAfter!.Value) + TimeSpan.FromMilliseconds(200));
        var again = await PostAsync(server.Http, hasty, Events, new { });
        again.Answer.Code.ShouldBe("000000", again.ToString());
    }

    [Fact]
    public async Task Without_a_configured_rate_nothing_is_limited_and_unsigned_routes_never_are()
    {
        await using var server = await TestServer.StartAsync(Store.Sqlite);
        var merchant = await server.CreateMerchantAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PostAsync(server.Http, merchant, Events,
            new { })));

        replies.ShouldAllBe(r => r.Answer.Code == "000000", Summary(replies));
    }

    [Fact]
    public async Task Health_and_admin_requests_carry_no_key_and_are_not_limited()
    {
        await using var server = await TestServer.StartAsync(Store.Sqlite, o => o.RateLimit.PermitsPerSecond = 1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => server.Http.GetAsync("/health")));

        answers.ShouldAllBe(a => (int)a.StatusCode == 200);
    }
}
