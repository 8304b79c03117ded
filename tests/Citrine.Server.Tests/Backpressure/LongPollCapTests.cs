using System.Diagnostics;
using Citrine.Server.Features.Webhooks;
using Citrine.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Citrine.Server.Tests.Backpressure.BusyKit;

namespace Citrine.Server.Tests.Backpressure;

/// <summary>
/// Long polls are capped per merchant (<c>Citrine:LongPollsPerMerchant</c>): one more waiting poll of the same merchant
/// gets the busy answer at once, while a poll that does not wait, another merchant's poll and, once a slot is free,
/// the same merchant's next poll are served.
/// </summary>
public abstract class LongPollCapTests(Store store)
{
    private const string Poll = "/sandbox/webhooks/poll";

    [Fact]
    public async Task One_long_poll_over_the_cap_is_answered_busy_and_others_are_served()
    {
        await using var server = await TestServer.StartAsync(store, o => o.LongPollsPerMerchant = 2);
        var gate = server.App.Services.GetRequiredService<LongPollGate>();
        var merchant = await server.CreateMerchantAsync();
        var other = await server.CreateMerchantAsync();

        var waiting = Enumerable.Range(0, 2)
            .Select(_ => PostAsync(server.Http, merchant, Poll, new { waitMs = 3000 })).ToList();
        var deadline = Stopwatch.StartNew();
        while (gate.Open < 2)
        {
            deadline.Elapsed.ShouldBeLessThan(Patience, "the two long polls never opened");
            await Task.Delay(10);
        }

        var third = await PostAsync(server.Http, merchant, Poll, new { waitMs = 3000 });
        third.ShouldBeBusy();
        third.Answer.ErrorMessage!.ShouldContain("LongPollsPerMerchant");
        waiting.ShouldAllBe(t => !t.IsCompleted, "the busy answer came while both polls still waited");

        (await PostAsync(server.Http, merchant, Poll, new { waitMs = 0 })).Answer.Code.ShouldBe("000000");
        (await PostAsync(server.Http, other, Poll, new { waitMs = 50 })).Answer.Code.ShouldBe("000000");

        foreach (var reply in await Task.WhenAll(waiting))
        {
            reply.Answer.Code.ShouldBe("000000", reply.ToString());
        }

        gate.Open.ShouldBe(0);
        (await PostAsync(server.Http, merchant, Poll, new { waitMs = 50 })).Answer.Code.ShouldBe("000000");
    }
}

public sealed class SqliteLongPollCapTests() : LongPollCapTests(Store.Sqlite);

public sealed class PostgresLongPollCapTests() : LongPollCapTests(Store.Postgres);
