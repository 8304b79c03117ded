using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>
/// Query Contract answer (reference §5.2). <c>contractId</c> and <c>openUserId</c> appear once the buyer signed (an
/// expired, never-signed contract carries its contractId, as its webhook does); the termination pair once terminated
/// or expired.
/// </summary>
public sealed record QueryContractResult
{
    [JsonPropertyName("bizStatus")] public required string BizStatus { get; init; }
    [JsonPropertyName("merchantContractCode")] public required string MerchantContractCode { get; init; }
    [JsonPropertyName("contractId")] public long? ContractId { get; init; }
    [JsonPropertyName("serviceName")] public required string ServiceName { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("merchantAccountNo")] public string? MerchantAccountNo { get; init; }
    [JsonPropertyName("singleUpperLimit")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal SingleUpperLimit { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("contractTerminationWay")] public int? ContractTerminationWay { get; init; }
    [JsonPropertyName("contractTerminationTime")] public long? ContractTerminationTime { get; init; }
}
