using System.Net;
using System.Text.Json;
using Citrine.Storage.Sqlite;
using Citrine.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Citrine.Server.Tests.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> on a real server: ready follows the real database (a SQLite file
/// moved away from its path, a PostgreSQL database that refuses connections) and the real background loops (one
/// stopped through its own cancellation, as host shutdown stops it).
/// </summary>
public sealed class HealthProbeTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Live_and_ready_answer_200_on_a_healthy_server(Store store)
    {
        await using var server = await TestServer.StartAsync(store);

        var (liveStatus, live) = await GetAsync(server, "/health/live");
        liveStatus.ShouldBe(HttpStatusCode.OK);
        live.GetProperty("status").GetString().ShouldBe("Healthy");

        var (readyStatus, ready) = await GetAsync(server, "/health/ready");
        readyStatus.ShouldBe(HttpStatusCode.OK, ready.ToString());
        ready.GetProperty("status").GetString().ShouldBe("Healthy");
        var database = ready.GetProperty("checks").GetProperty("database");
        database.GetProperty("status").GetString().ShouldBe("Healthy");
        database.GetProperty("data").GetProperty("storage").GetString()
            .ShouldBe(store == Store.Sqlite ? "sqlite" : "postgres");
        database.GetProperty("data").GetProperty("migrationsApplied").GetString()
            .ShouldBe(database.GetProperty("data").GetProperty("migrationsShipped").GetString());
        var loops = ready.GetProperty("checks").GetProperty("backgroundLoops").GetProperty("data");
        foreach (var name in new[] { "Sweeper", "WebhookDispatcher", "RefundSettlementLoop", "SandboxClockSync" })
        {
            loops.GetProperty(name).GetString().ShouldBe("running");
        }
    }

    [Fact]
    public async Task The_old_health_answer_is_unchanged()
    {
        await using var server = await TestServer.StartAsync(Store.Sqlite);
        var (status, body) = await GetAsync(server, "/health");
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("status").GetString().ShouldBe("SUCCESS");
        body.GetProperty("data").GetString().ShouldBe("ok");
    }

    // Moving the file aside is what a deleted volume or a wrong mount looks like: the path holds no database. The
    // server's open handles still reach the moved file, so only a fresh open shows it (root ignores file modes,
    // so making the file unreadable would prove nothing when the tests run as root).
    [Fact]
    public async Task Ready_turns_503_while_the_sqlite_file_is_gone_and_200_when_it_is_back()
    {
        await using var server = await TestServer.StartAsync(Store.Sqlite);
        var path = ((SqliteDatabase)server.Database).FilePath;
        (await GetAsync(server, "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        File.Move(path, path + ".aside");

        // Idle pooled connections still hold the moved file; dropping them makes the next reads open the path anew,
        // as they do under load when the pool has no idle connection.
        SqliteConnection.ClearAllPools();
        try
        {
            var (status, body) = await WaitForAsync(server, HttpStatusCode.ServiceUnavailable);
            body.GetProperty("status").GetString().ShouldBe("Unhealthy");
            var database = body.GetProperty("checks").GetProperty("database");
            database.GetProperty("status").GetString().ShouldBe("Unhealthy");
            database.GetProperty("description").GetString()!.ShouldContain("unreachable");
            body.GetProperty("checks").GetProperty("backgroundLoops").GetProperty("status").GetString()
                .ShouldBe("Healthy");
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await GetAsync(server, "/health/live")).Status.ShouldBe(HttpStatusCode.OK);

            // The background loops keep reading while the file is gone; none of them may create an empty database
            // at the path (that once made the move back fail and would hide the real file).
            await Task.Delay(TimeSpan.FromMilliseconds(server.Options.SweepIntervalMs * 4));
            File.Exists(path).ShouldBeFalse();
        }
        finally
        {
            File.Move(path + ".aside", path);
        }

        await WaitForAsync(server, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_turns_503_while_postgres_refuses_connections_and_200_when_it_accepts_them_again()
    {
        await using var server = await TestServer.StartAsync(Store.Postgres);
        var name = new NpgsqlConnectionStringBuilder(server.Options.PostgresConnectionString).Database!;
        (await GetAsync(server, "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        await AdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
        try
        {
            await AdminAsync(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
            var (_, body) = await WaitForAsync(server, HttpStatusCode.ServiceUnavailable);
            var database = body.GetProperty("checks").GetProperty("database");
            database.GetProperty("status").GetString().ShouldBe("Unhealthy");
            database.GetProperty("description").GetString()!.ShouldContain("unreachable");
            database.GetProperty("description").GetString()!.ShouldNotContain(name);
            (await GetAsync(server, "/health/live")).Status.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
        }

        await WaitForAsync(server, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Store.Sqlite, "Sweeper")]
    [InlineData(Store.Sqlite, "RefundSettlementLoop")]
    [InlineData(Store.Postgres, "WebhookDispatcher")]
    public async Task Ready_turns_503_when_a_background_loop_has_stopped(Store store, string loop)
    {
        await using var server = await TestServer.StartAsync(store);
        (await GetAsync(server, "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        // The loop's own StopAsync cancels its stopping token: the real loop exits, as on host shutdown.
        var service = server.App.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Single(s => s.GetType().Name == loop);
        await service.StopAsync(CancellationToken.None);
        service.ExecuteTask!.IsCompleted.ShouldBeTrue();

        var (_, body) = await WaitForAsync(server, HttpStatusCode.ServiceUnavailable);
        var loops = body.GetProperty("checks").GetProperty("backgroundLoops");
        loops.GetProperty("status").GetString().ShouldBe("Unhealthy");
        loops.GetProperty("data").GetProperty(loop).GetString().ShouldBe("stopped");
        loops.GetProperty("description").GetString().ShouldBe($"not running: {loop}");
        body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(TestServer server, string path)
    {
        using var response = await server.Http.GetAsync(path);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> WaitForAsync(TestServer server,
        HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var answer = await GetAsync(server, "/health/ready");
            if (answer.Status == expected || DateTime.UtcNow > deadline)
            {
                answer.Status.ShouldBe(expected, answer.Body.ToString());
                return answer;
            }

            await Task.Delay(100);
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabases.PostgresVariable));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
