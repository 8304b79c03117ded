using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Webhooks;

/// <summary>The decoded <c>data</c> of a <c>DIRECT_DEBIT_CT</c> webhook (docs/api-reference.md#contract-notification);
/// the last two fields only once the contract is terminated.</summary>
public sealed record ContractNotificationData
{
    [JsonPropertyName("merchantContractCode")] public required string MerchantContractCode { get; init; }
    [JsonPropertyName("contractId")][JsonConverter(typeof(FlexibleLongConverter))] public long ContractId { get; init; }
    [JsonPropertyName("serviceName")] public string? ServiceName { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("merchantAccountNo")] public string? MerchantAccountNo { get; init; }
    [JsonPropertyName("singleUpperLimit")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal SingleUpperLimit { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("contractTerminationWay")] public int? ContractTerminationWay { get; init; }
    [JsonPropertyName("contractTerminationTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? ContractTerminationTime { get; init; }
}
