namespace Citrine.Application.Merchants;

/// <summary>A merchant account. <see cref="MerchantId"/> is the Binance-style numeric id; <see cref="ConvertEnabled"/>
/// whitelists it for Convert (docs/api-reference.md#convert); <see cref="AcceptsSplits"/> lets other merchants register
/// it as a profit-sharing receiver (docs/api-reference.md#profit-sharing).</summary>
public sealed record Merchant(
    long MerchantId, string Name, string Status, string? WebhookUrl, bool DirectDebitEnabled, long CreatedAtMs,
    bool ConvertEnabled = false, bool AcceptsSplits = false)
{
    public const string Active = "ACTIVE";
    public const string Disabled = "DISABLED";

    public bool IsActive => Status == Active;
}

/// <summary>A sub-merchant under a merchant (docs/api-reference.md#sub-merchants). <see cref="ProfileJson"/> is the
/// add/modify request as last accepted; <see cref="BlockedPayerKycCountries"/> the ISO-2 codes whose payers cannot
/// pay its orders.</summary>
public sealed record SubMerchant(long SubMerchantId, long MerchantId, string Name, string Status, long CreatedAtMs)
{
    public string? ProfileJson { get; init; }

    public IReadOnlyList<string> BlockedPayerKycCountries { get; init; } = [];

    public long? UpdatedAtMs { get; init; }
}

/// <summary>How a sub-merchant modify went.</summary>
public enum SubMerchantUpdate
{
    Updated,

    /// <summary>No such sub-merchant under the calling partner.</summary>
    NotFound,

    /// <summary>Another sub-merchant of the partner has the name.</summary>
    NameTaken,
}

/// <summary>What request authentication needs about an API key, loaded in one query.</summary>
public sealed record ApiKeyRecord(string ApiKey, long MerchantId, string MerchantStatus, byte[] SecretCipher, bool Revoked);

/// <summary>An API key as the admin lists it: never its secret.</summary>
public sealed record ApiKeyInfo(
    [property: System.Text.Json.Serialization.JsonPropertyName("apiKey")] string ApiKey,
    [property: System.Text.Json.Serialization.JsonPropertyName("createdAtMs")] long CreatedAtMs,
    [property: System.Text.Json.Serialization.JsonPropertyName("revokedAtMs")] long? RevokedAtMs);

/// <summary>A freshly created key: the only time the secret is shown.</summary>
public sealed record CreatedApiKey(long MerchantId, string ApiKey, string ApiSecret);
