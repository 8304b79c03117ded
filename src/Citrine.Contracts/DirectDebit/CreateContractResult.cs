using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>The answer to Create Contract (docs/api-reference.md#create-contract, fields from the CS1 SDK): where the
/// buyer signs.</summary>
public sealed record CreateContractResult
{
    [JsonPropertyName("merchantId")][JsonConverter(typeof(FlexibleLongConverter))] public long MerchantId { get; init; }
    [JsonPropertyName("preContractId")][JsonConverter(typeof(FlexibleStringConverter))] public required string PreContractId { get; init; }
    [JsonPropertyName("contractEndTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? ContractEndTime { get; init; }
    [JsonPropertyName("requestExpireTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? RequestExpireTime { get; init; }
    [JsonPropertyName("qrContent")] public string? QrContent { get; init; }
    [JsonPropertyName("qrcodeLink")] public string? QrcodeLink { get; init; }
    [JsonPropertyName("deeplink")] public string? Deeplink { get; init; }
}
