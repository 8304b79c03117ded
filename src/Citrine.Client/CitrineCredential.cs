namespace Citrine.Client;

/// <summary>
/// A merchant API key pair: the key goes in <c>BinancePay-Certificate-SN</c>, the secret only keys the HMAC and never
/// leaves the process.
/// </summary>
public sealed class CitrineCredential
{
    /// <summary>Creates a credential.</summary>
    /// <param name="apiKey">The API key (Binance calls it the API identity key).</param>
    /// <param name="apiSecret">The API secret that signs requests.</param>
    /// <exception cref="ArgumentException">Either value is null, empty or white space.</exception>
    public CitrineCredential(string apiKey, string apiSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiSecret);
        ApiKey = apiKey;
        ApiSecret = apiSecret;
    }

    /// <summary>The API key, sent as <c>BinancePay-Certificate-SN</c>.</summary>
    public string ApiKey { get; }

    /// <summary>The API secret.</summary>
    public string ApiSecret { get; }

    /// <summary>The key only: the secret is never part of a string that may end up in a log.</summary>
    public override string ToString() => $"CitrineCredential({ApiKey})";
}
