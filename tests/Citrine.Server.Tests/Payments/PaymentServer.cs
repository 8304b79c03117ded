using Citrine.Application;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Testing;
using Npgsql;

namespace Citrine.Server.Tests.Payments;

/// <summary>
/// The servers the payment, buyer, ledger and checkout tests run against. The PostgreSQL cluster (and its connection
/// limit) is shared by every test running at the same time, so pools stay small and give idle connections back within
/// seconds. The timestamp window is widened because these tests fire hundreds of signed requests on a busy machine,
/// where one can wait longer than 1 s before it is checked; the window itself is tested in AuthenticationTests.
/// </summary>
public abstract class PaymentServer(Store store) : ServerFixture(store)
{
    public const int PoolMax = 8;

    protected override void Configure(CitrineOptions options) => Apply(options);

    public static void Apply(CitrineOptions options) => Apply(options, PoolMax);

    public static void Apply(CitrineOptions options, int poolMax)
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
}

public sealed class SqlitePaymentServer() : PaymentServer(Store.Sqlite);

public sealed class PostgresPaymentServer() : PaymentServer(Store.Postgres);
