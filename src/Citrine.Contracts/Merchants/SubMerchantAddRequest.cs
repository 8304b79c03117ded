using System.Text.Json.Serialization;

namespace Citrine.Contracts.Merchants;

/// <summary>Create Sub-merchant (<c>POST /binancepay/openapi/submerchant/add</c>, docs/api-reference.md#sub-merchants);
/// Citrine keeps the name, type, MCC and country and ignores the KYC paperwork fields.</summary>
public sealed record SubMerchantAddRequest
{
    [JsonPropertyName("merchantName")] public required string MerchantName { get; init; }
    [JsonPropertyName("merchantType")] public int MerchantType { get; init; } = 4;
    [JsonPropertyName("merchantMcc")] public string MerchantMcc { get; init; } = "5000";
    [JsonPropertyName("country")] public string Country { get; init; } = "GO";
}

/// <summary>The new sub-merchant's id.</summary>
public sealed record SubMerchantAddResult
{
    [JsonPropertyName("subMerchantId")][JsonConverter(typeof(Json.FlexibleLongConverter))] public long SubMerchantId { get; init; }
}
