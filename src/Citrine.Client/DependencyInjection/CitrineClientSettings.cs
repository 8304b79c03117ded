namespace Citrine.Client;

/// <summary>
/// What <c>AddCitrineClient</c> binds from configuration, for example:
/// <code>
/// "BinancePay": { "BaseUri": "http://127.0.0.1:8080", "ApiKey": "…", "ApiSecret": "…", "MaxRetries": 3 }
/// </code>
/// Keep the secret out of source control (user secrets, environment variables, a vault).
/// </summary>
public sealed class CitrineClientSettings
{
    /// <summary>The service; null means Binance Pay's production host.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The API key.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API secret.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>See <see cref="CitrineClientOptions.MaxRetries"/>.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>See <see cref="CitrineClientOptions.RetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>See <see cref="CitrineClientOptions.RetryDelayMax"/>.</summary>
    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>See <see cref="CitrineClientOptions.NetworkTimeout"/>.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
