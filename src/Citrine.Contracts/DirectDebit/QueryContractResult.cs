using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>
/// The answer to Query Contract (docs/api-reference.md#query-contract). <c>bizStatus</c> stays a string (unknown values
/// are kept); see <see cref="ContractStatusNames"/>. The doc sample quotes <c>contractId</c>, the type says long: both
/// are read.
/// </summary>
public sealed record QueryContractResult
{
    [JsonPropertyName("bizStatus")] public required string BizStatus { get; init; }
    [JsonPropertyName("merchantContractCode")] public required string MerchantContractCode { get; init; }
    [JsonPropertyName("contractId")][JsonConverter(typeof(FlexibleLongConverter))] public long? ContractId { get; init; }
    [JsonPropertyName("serviceName")] public string? ServiceName { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("merchantAccountNo")] public string? MerchantAccountNo { get; init; }
    [JsonPropertyName("singleUpperLimit")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal SingleUpperLimit { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("contractTerminationWay")] public int? ContractTerminationWay { get; init; }
    [JsonPropertyName("contractTerminationTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? ContractTerminationTime { get; init; }
}

/// <summary>Contract statuses of Query Contract and the <c>DIRECT_DEBIT_CT</c> webhook
/// (docs/api-reference.md#query-contract, #contract-notification).</summary>
public static class ContractStatusNames
{
    public const string Initial = "INITIAL";
    public const string Signed = "CONTRACT_SIGNED";
    public const string Terminated = "CONTRACT_TERMINATED";
    public const string Expired = "CONTRACT_EXPIRED";
}
