using System.Net;
using Citrine.Storage.Postgres;
using Citrine.Testing;
using Npgsql;
using static Citrine.Server.Tests.Backpressure.BusyKit;

namespace Citrine.Server.Tests.Backpressure;

/// <summary>
/// PostgreSQL failures under a running server (docs/architecture.md#backpressure): connections killed with
/// <c>pg_terminate_backend</c> are retried where that is safe, or answered with the documented retryable
/// <c>409902</c> (HTTP 503), never 500, and nothing is half-written; a database that refuses connections answers 503
/// until it accepts them again.
/// </summary>
public sealed class PostgresFailureTests
{
    [Fact]
    public async Task Killed_connections_are_retried_or_answered_503_never_500_and_nothing_refused_is_written()
    {
        await using var server = await TestServer.StartAsync(Store.Postgres, o => ServerTuning.Busy(o, poolMax: 8));
        var merchant = await server.CreateMerchantAsync();
        var replies = new List<(string TradeNo, Outcome Outcome)>();
        for (var round = 0; round < 5; round++)
        {
            // Fill the pool with open connections, then kill every one of them under the server.
            replies.AddRange(await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreateOneAsync())));
            await KillConnectionsAsync(server);
            replies.Add(await CreateOneAsync());
        }

        async Task<(string TradeNo, Outcome Outcome)> CreateOneAsync()
        {
            var body = Orders.V2();
            return ((string)body["merchantTradeNo"]!, await PostAsync(server.Http, merchant, CreateV2, body));
        }

        var all = replies.ToList();
        foreach (var (_, reply) in all.Where(r => r.Outcome.Answer.Code != "000000"))
        {
            ShouldBeUnavailable(reply);
        }

        var accepted = all.Where(r => r.Outcome.Answer.Code == "000000").Select(r => r.TradeNo).ToHashSet();
        var stored = await server.QueryDbAsync("SELECT merchant_trade_no FROM orders WHERE merchant_id = @m",
            r => r.GetString(0), ("@m", merchant.MerchantId));
        stored.ToHashSet().SetEquals(accepted).ShouldBeTrue(Summary(all.Select(r => r.Outcome)));
        // Each kill hit the next request's write or its nonce: a write that met a dead connection ran again.
        var retried = ((PostgresDatabase)server.Database).Retries;
        (retried + all.Count(r => r.Outcome.Answer.Code == "409902")).ShouldBeGreaterThan(0);
        (await CreateOneAsync()).Outcome.Answer.Code.ShouldBe("000000");
    }

    [Fact]
    public async Task A_database_that_refuses_connections_answers_503_409902_until_it_accepts_them_again()
    {
        await using var server = await TestServer.StartAsync(Store.Postgres, o => ServerTuning.Busy(o, poolMax: 4));
        var merchant = await server.CreateMerchantAsync();
        var name = new NpgsqlConnectionStringBuilder(server.Options.PostgresConnectionString).Database!;
        await AdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
        try
        {
            await KillConnectionsAsync(server);
            var reply = await PostAsync(server.Http, merchant, CreateV2, Orders.V2());
            ShouldBeUnavailable(reply);
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }

        var after = await PostAsync(server.Http, merchant, CreateV2, Orders.V2());
        after.Answer.Code.ShouldBe("000000", after.ToString());
    }

    private static void ShouldBeUnavailable(Outcome reply)
    {
        reply.Answer.HttpStatus.ShouldBe(HttpStatusCode.ServiceUnavailable, reply.ToString());
        reply.Answer.Status.ShouldBe("FAIL");
        reply.Answer.Code.ShouldBe("409902");
        reply.Answer.ErrorMessage!.ShouldNotContain("Npgsql");
        reply.RetryAfter.ShouldNotBeNull();
    }

    private static Task KillConnectionsAsync(TestServer server)
    {
        var name = new NpgsqlConnectionStringBuilder(server.Options.PostgresConnectionString).Database!;
        return AdminAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection =
            new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabases.PostgresVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
