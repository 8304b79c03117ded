using Citrine.Application;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// The server the order tests run against. The timestamp window is widened because these tests fire hundreds of
/// requests on a machine shared with parallel builds, where a request can wait more than the default 1 s before it
/// is checked; the window itself is tested with its default in AuthenticationTests.
/// </summary>
public abstract class OrderServer(Store store) : ServerFixture(store)
{
    protected override void Configure(CitrineOptions options) => options.TimestampWindowMs = 60_000;
}

public sealed class SqliteOrderServer() : OrderServer(Store.Sqlite);

public sealed class PostgresOrderServer() : OrderServer(Store.Postgres);
