using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>
/// Create Contract answer (reference §5.1, DataObject per CS1): <c>merchantId</c> a number, <c>preContractId</c> a
/// string, the two times Unix milliseconds, and the buyer's links.
/// </summary>
public sealed record CreateContractResult
{
    [JsonPropertyName("merchantId")][JsonConverter(typeof(FlexibleLongConverter))] public long MerchantId { get; init; }
    [JsonPropertyName("preContractId")] public required string PreContractId { get; init; }
    [JsonPropertyName("contractEndTime")][JsonConverter(typeof(FlexibleLongConverter))] public long ContractEndTime { get; init; }
    [JsonPropertyName("requestExpireTime")][JsonConverter(typeof(FlexibleLongConverter))] public long RequestExpireTime { get; init; }
    [JsonPropertyName("qrContent")] public required string QrContent { get; init; }
    [JsonPropertyName("qrcodeLink")] public required string QrcodeLink { get; init; }
    [JsonPropertyName("deeplink")] public required string Deeplink { get; init; }
}
