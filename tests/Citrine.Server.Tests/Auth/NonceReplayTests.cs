using System.Text.Json;
using Citrine.Application;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Server.Tests.Auth;

/// <summary>
/// Replay protection now that a nonce costs no durable commit (docs/adr/0005-nonces-without-a-commit.md): a replayed
/// request is refused within the window on one node, after a clean restart, after an unclean stop (SQLite: the
/// process dies without stopping; PostgreSQL: crash recovery empties the unlogged tables), and of many identical
/// requests in flight exactly one is accepted. The window is 60 s so a replay is never refused for its age alone.
/// </summary>
public abstract class NonceReplayTests(Store store)
{
    protected const string CreateV2 = "/binancepay/openapi/v2/order";
    protected const string QueryV2 = "/binancepay/openapi/v2/order/query";

    protected Store Store { get; } = store;

    [Fact]
    public async Task A_replayed_create_or_query_is_refused_on_the_same_node()
    {
        await using var server = await StartAsync();
        var client = server.Signed(await server.CreateMerchantAsync());
        var tradeNo = Orders.NewTradeNo();
        var create = Recorded.Of(CreateV2, Orders.V2(tradeNo));
        (await create.SendAsync(client)).Code.ShouldBe("000000");
        var replay = await create.SendAsync(client);
        replay.Code.ShouldBe("400001");
        replay.ErrorMessage!.ShouldContain("nonce");

        var query = Recorded.Of(QueryV2, new { merchantTradeNo = tradeNo });
        (await query.SendAsync(client)).Code.ShouldBe("000000");
        (await query.SendAsync(client)).Code.ShouldBe("400001");
        (await client.PostAsync(QueryV2, new { merchantTradeNo = tradeNo })).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task A_request_replayed_after_a_clean_restart_is_refused()
    {
        var first = await StartAsync();
        var merchant = await first.CreateMerchantAsync();
        var query = Recorded.Of(CreateV2, Orders.V2());
        (await query.SendAsync(first.Signed(merchant))).Code.ShouldBe("000000");
        await first.DisposeAsync();

        await using var restarted = await TestServer.StartAsync(Store, reuse: Same(first));
        var client = restarted.Signed(merchant);
        (await query.SendAsync(client)).Code.ShouldBe("400001");
        (await client.PostAsync(CreateV2, Orders.V2())).Code.ShouldBe("000000", "a clean stop fences nothing");
    }

    [Fact]
    public async Task A_request_replayed_after_the_nonces_were_lost_is_refused_as_signed_before_the_restart()
    {
        var first = await StartAsync();
        var merchant = await first.CreateMerchantAsync();
        var create = Recorded.Of(CreateV2, Orders.V2());
        (await create.SendAsync(first.Signed(merchant))).Code.ShouldBe("000000");

        TestServer target;
        if (Store == Store.Sqlite)
        {
            // A crash: the host is torn down without stopping, so nothing is handed to the next start.
            await first.App.DisposeAsync();
            target = await TestServer.StartAsync(Store, reuse: Same(first));
        }
        else
        {
            // What PostgreSQL's crash recovery does to unlogged tables; the node itself keeps running.
            await first.Database.WriteAsync(async (c, ct) =>
            {
                await using var truncate = c.CreateCommand();
                truncate.CommandText = "TRUNCATE nonces, nonce_epoch";
                return await truncate.ExecuteNonQueryAsync(ct);
            }, CancellationToken.None);
            target = first;
        }

        try
        {
            var replay = await create.SendAsync(target.Signed(merchant));
            replay.Code.ShouldBe("400003", replay.ToString());
            replay.ErrorMessage!.ShouldContain("restart");
            if (Store == Store.Sqlite)
            {
                // The process died but the machine did not: the fence is the highest timestamp the lost run accepted,
                // so a request signed after it goes through at once.
                (await target.Signed(merchant).PostAsync(CreateV2, Orders.V2())).Code.ShouldBe("000000");
            }
            else
            {
                var signedAfter = await target.Signed(merchant).PostRawAsync(CreateV2,
                    JsonSerializer.Serialize(Orders.V2()), timestampMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 50_000);
                signedAfter.Code.ShouldBe("400003", "the fence is the loss plus the 60 s window");
            }
        }
        finally
        {
            await target.DisposeAsync();
        }
    }

    [Fact]
    public async Task Of_identical_requests_in_flight_exactly_one_is_accepted()
    {
        await using var server = await StartAsync();
        var client = server.Signed(await server.CreateMerchantAsync());
        var create = Recorded.Of(CreateV2, Orders.V2());
        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => create.SendAsync(client)));
        answers.Count(a => a.Code == "000000").ShouldBe(1);
        answers.Count(a => a.Code == "400001").ShouldBe(31);
    }

    protected async Task<TestServer> StartAsync() => await TestServer.StartAsync(Store, o => ServerTuning.Busy(o, 16));

    /// <summary>Options for another server on the same data directory or database.</summary>
    protected static CitrineOptions Same(TestServer server) => new()
    {
        Storage = server.Options.Storage,
        DataDirectory = server.Options.DataDirectory,
        PostgresConnectionString = server.Options.PostgresConnectionString,
        AdminToken = server.Options.AdminToken,
        SweepIntervalMs = server.Options.SweepIntervalMs,
        TimestampWindowMs = server.Options.TimestampWindowMs,
    };

    /// <summary>One signed request, kept byte for byte so it can be sent again.</summary>
    protected sealed record Recorded(string Path, string Body, string Nonce, long TimestampMs)
    {
        public static Recorded Of(string path, object body) => new(path, JsonSerializer.Serialize(body),
            Citrine.Contracts.Signing.Nonce.Create(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        public Task<Answer> SendAsync(SignedHttp client) =>
            client.PostRawAsync(Path, Body, nonce: Nonce, timestampMs: TimestampMs);
    }
}

public sealed class SqliteNonceReplayTests() : NonceReplayTests(Store.Sqlite);

public sealed class PostgresNonceReplayTests() : NonceReplayTests(Store.Postgres)
{
    [Fact]
    public async Task A_request_accepted_by_one_node_is_refused_by_another()
    {
        await using var nodeA = await StartAsync();
        await using var nodeB = await TestServer.StartAsync(Store, reuse: Same(nodeA));
        var merchant = await nodeA.CreateMerchantAsync();
        var create = Recorded.Of(CreateV2, Orders.V2());
        (await create.SendAsync(nodeA.Signed(merchant))).Code.ShouldBe("000000");
        (await create.SendAsync(nodeB.Signed(merchant))).Code.ShouldBe("400001");

        var race = Recorded.Of(CreateV2, Orders.V2());
        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            race.SendAsync((i % 2 == 0 ? nodeA : nodeB).Signed(merchant))));
        answers.Count(a => a.Code == "000000").ShouldBe(1);
        answers.Count(a => a.Code == "400001").ShouldBe(31);
    }
}
