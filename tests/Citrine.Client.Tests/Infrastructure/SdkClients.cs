using Citrine.Testing;

namespace Citrine.Client.Tests.Infrastructure;

/// <summary>SDK clients on a fixture's server, retrying quickly.</summary>
public static class SdkClients
{
    /// <summary>A new merchant and an SDK client for it.</summary>
    public static async Task<(CitrineClient Client, TestMerchant Merchant)> NewClientAsync(this ServerFixture fixture,
        Uri? through = null, int maxRetries = 3, TimeSpan? networkTimeout = null)
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        return (fixture.ClientFor(merchant, through, maxRetries, networkTimeout), merchant);
    }

    public static CitrineClient ClientFor(this ServerFixture fixture, TestMerchant merchant, Uri? through = null,
        int maxRetries = 3, TimeSpan? networkTimeout = null) =>
        new(through ?? fixture.Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions
            {
                MaxRetries = maxRetries,
                RetryDelay = TimeSpan.FromMilliseconds(10),
                RetryDelayMax = TimeSpan.FromMilliseconds(50),
                NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
            });
}

/// <summary>A server whose webhook retries come within milliseconds, for tests that watch a redelivery; the attempt
/// timeout stays generous because the SDK's receivers run in the same busy process.</summary>
public sealed class SqliteFastWebhookServer()
    : ServerFixture(Store.Sqlite, o => ServerTuning.FastWebhooks(o, retryMs: 50, timeoutMs: 5000));

public sealed class PostgresFastWebhookServer()
    : ServerFixture(Store.Postgres, o => ServerTuning.FastWebhooks(o, retryMs: 50, timeoutMs: 5000));
