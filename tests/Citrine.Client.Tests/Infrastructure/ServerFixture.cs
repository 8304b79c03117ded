using Citrine.Application;
using Citrine.Testing;

namespace Citrine.Client.Tests.Infrastructure;

/// <summary>One real Citrine per test class and store; each test makes its own merchant.</summary>
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

    protected virtual void Configure(CitrineOptions options)
    {
    }

    /// <summary>A new merchant and an SDK client for it, retrying quickly.</summary>
    public async Task<(CitrineClient Client, TestMerchant Merchant)> NewClientAsync(Uri? through = null,
        int maxRetries = 3, TimeSpan? networkTimeout = null)
    {
        var merchant = await Server.CreateMerchantAsync();
        return (ClientFor(merchant, through, maxRetries, networkTimeout), merchant);
    }

    public CitrineClient ClientFor(TestMerchant merchant, Uri? through = null, int maxRetries = 3,
        TimeSpan? networkTimeout = null) =>
        new(through ?? Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions
            {
                MaxRetries = maxRetries,
                RetryDelay = TimeSpan.FromMilliseconds(10),
                RetryDelayMax = TimeSpan.FromMilliseconds(50),
                NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
            });
}

public sealed class SqliteServer() : ServerFixture(Store.Sqlite);

public sealed class PostgresServer() : ServerFixture(Store.Postgres);

/// <summary>A server whose webhook retries come within milliseconds, for tests that watch a redelivery.</summary>
public abstract class FastWebhookServer(Store store) : ServerFixture(store)
{
    protected override void Configure(CitrineOptions options)
    {
        options.WebhookRetryMs = [50, 50, 50, 50, 50, 50];
        options.WebhookPollIntervalMs = 20;
        options.WebhookTimeoutMs = 5000;
    }
}

public sealed class SqliteFastWebhookServer() : FastWebhookServer(Store.Sqlite);

public sealed class PostgresFastWebhookServer() : FastWebhookServer(Store.Postgres);
