using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>
/// The decoded <c>data</c> of a <c>DIRECT_DEBIT_CT</c> webhook (reference §5.6). <c>contractId</c> is a JSON number
/// like <c>bizId</c>; the termination pair is present once the contract is terminated or expired.
/// </summary>
public sealed record ContractNotificationData
{
    [JsonPropertyName("merchantContractCode")] public required string MerchantContractCode { get; init; }
    [JsonPropertyName("contractId")][JsonConverter(typeof(FlexibleLongConverter))] public long ContractId { get; init; }
    [JsonPropertyName("serviceName")] public required string ServiceName { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("merchantAccountNo")] public string? MerchantAccountNo { get; init; }
    [JsonPropertyName("singleUpperLimit")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal SingleUpperLimit { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("contractTerminationWay")] public int? ContractTerminationWay { get; init; }
    [JsonPropertyName("contractTerminationTime")] public long? ContractTerminationTime { get; init; }
}
