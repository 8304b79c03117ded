using Citrine.Application;
using Npgsql;
using Xunit;

namespace Citrine.Testing;

/// <summary>
/// One real Citrine per test class and store, shared by the class's tests (each test makes its own merchant, so
/// tests stay isolated). <paramref name="tune"/> adjusts the options before the server starts; the named tunings are
/// in <see cref="ServerTuning"/>.
/// </summary>
public abstract class ServerFixture(Store store, Action<CitrineOptions>? tune = null) : IAsyncLifetime
{
    private TestServer? _server;

    public Store Store { get; } = store;

    public TestServer Server => _server ?? throw new InvalidOperationException("Fixture not started.");

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(Store, tune);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>A server with the default options on SQLite.</summary>
public sealed class SqliteServer() : ServerFixture(Store.Sqlite);

/// <summary>A server with the default options on PostgreSQL.</summary>
public sealed class PostgresServer() : ServerFixture(Store.Postgres);

/// <summary>Option sets that several test classes share.</summary>
public static class ServerTuning
{
    /// <summary>
    /// For tests that fire hundreds of signed requests on a machine shared with parallel builds. The timestamp window
    /// is widened because a request can wait longer than the default 1 s before it is checked (the window itself is
    /// tested with its default in AuthenticationTests). The PostgreSQL cluster and its connection limit are shared by
    /// every test server running at once, so the pool stays small and gives idle connections back within seconds.
    /// </summary>
    public static void Busy(CitrineOptions options, int poolMax)
    {
        options.TimestampWindowMs = 60_000;
        if (options.PostgresConnectionString is { } connectionString)
        {
            options.PostgresConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
            {
                MaxPoolSize = poolMax,
                ConnectionIdleLifetime = 5,
                ConnectionPruningInterval = 1,
            }.ConnectionString;
        }
    }

    /// <summary><see cref="Busy(CitrineOptions, int)"/> with a pool of 8, enough for the payment tests.</summary>
    public static void Busy(CitrineOptions options) => Busy(options, 8);

    /// <summary>A webhook retry schedule fast enough for tests: seven attempts within a few hundred
    /// milliseconds.</summary>
    public static void FastWebhooks(CitrineOptions options) => FastWebhooks(options, 40, 1500);

    public static void FastWebhooks(CitrineOptions options, int retryMs, int timeoutMs)
    {
        options.WebhookRetryMs = [.. Enumerable.Repeat(retryMs, 6)];
        options.WebhookPollIntervalMs = 20;
        options.WebhookTimeoutMs = timeoutMs;
    }
}
