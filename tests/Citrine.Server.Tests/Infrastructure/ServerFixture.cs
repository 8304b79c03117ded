using Citrine.Testing;

namespace Citrine.Server.Tests.Infrastructure;

/// <summary>One real server per test class and store; each test makes its own merchant, so tests stay isolated.</summary>
public abstract class ServerFixture(Store store) : IAsyncLifetime
{
    private TestServer? _server;

    public Store Store { get; } = store;

    public TestServer Server => _server ?? throw new InvalidOperationException("Fixture not started.");

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(Store, Configure);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected virtual void Configure(Citrine.Application.CitrineOptions options)
    {
    }
}

public sealed class SqliteServer() : ServerFixture(Store.Sqlite);

public sealed class PostgresServer() : ServerFixture(Store.Postgres);
