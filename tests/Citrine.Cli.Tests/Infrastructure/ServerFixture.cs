using Citrine.Testing;

namespace Citrine.Cli.Tests.Infrastructure;

/// <summary>One real Citrine per test class and store.</summary>
public abstract class ServerFixture(Store store) : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("Fixture not started.");

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(store);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new merchant and the CLI arguments that sign as it.</summary>
    public async Task<(TestMerchant Merchant, string[] Args)> MerchantArgsAsync()
    {
        var merchant = await Server.CreateMerchantAsync();
        return (merchant, ["--server", Server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret]);
    }
}

public sealed class SqliteServer() : ServerFixture(Store.Sqlite);

public sealed class PostgresServer() : ServerFixture(Store.Postgres);
