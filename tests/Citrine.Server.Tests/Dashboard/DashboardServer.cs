using Citrine.Testing;

namespace Citrine.Server.Tests.Dashboard;

/// <summary>The servers the dashboard tests run against: busy-machine tuning and a fast webhook schedule, so a
/// redelivery's new attempt shows within the test.</summary>
public abstract class DashboardServer(Store store) : ServerFixture(store, o =>
{
    ServerTuning.Busy(o);
    ServerTuning.FastWebhooks(o);
});

public sealed class SqliteDashboardServer() : DashboardServer(Store.Sqlite);

public sealed class PostgresDashboardServer() : DashboardServer(Store.Postgres);
