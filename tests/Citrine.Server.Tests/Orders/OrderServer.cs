using Citrine.Application;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Testing;
using Npgsql;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// The server the order tests run against. The timestamp window is widened because these tests fire hundreds of
/// requests on a machine shared with parallel builds, where a request can wait more than the default 1 s before it
/// is checked; the window itself is tested with its default in AuthenticationTests. The PostgreSQL pool is kept small
/// so that many test servers and the concurrency tests stay well inside the cluster's connection limit.
/// </summary>
public abstract class OrderServer(Store store) : ServerFixture(store)
{
    public const int PostgresPoolMax = 32;

    protected override void Configure(CitrineOptions options) => Apply(options);

    public static void Apply(CitrineOptions options)
    {
        options.TimestampWindowMs = 60_000;
        if (options.PostgresConnectionString is { } connectionString)
        {
            options.PostgresConnectionString =
                new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = PostgresPoolMax }.ConnectionString;
        }
    }
}

public sealed class SqliteOrderServer() : OrderServer(Store.Sqlite);

public sealed class PostgresOrderServer() : OrderServer(Store.Postgres);
