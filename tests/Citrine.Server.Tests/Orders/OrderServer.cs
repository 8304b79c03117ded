using Citrine.Application;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// The server the order tests run against: <see cref="ServerTuning.Busy(CitrineOptions, int)"/>, with a pool large
/// enough for the concurrency tests and still well inside the cluster's connection limit.
/// </summary>
public abstract class OrderServer(Store store) : ServerFixture(store, Apply)
{
    public const int PostgresPoolMax = 32;

    public static void Apply(CitrineOptions options) => ServerTuning.Busy(options, PostgresPoolMax);
}

public sealed class SqliteOrderServer() : OrderServer(Store.Sqlite);

public sealed class PostgresOrderServer() : OrderServer(Store.Postgres);
