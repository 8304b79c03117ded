using System.Text.Json.Serialization;

namespace Citrine.Contracts.DirectDebit;

/// <summary>Create Contract (<c>POST /binancepay/openapi/direct-debit/contract</c>,
/// docs/api-reference.md#create-contract).</summary>
public sealed record CreateContractRequest
{
    [JsonPropertyName("subMerchantId")] public string? SubMerchantId { get; init; }
    [JsonPropertyName("merchantContractCode")] public required string MerchantContractCode { get; init; }
    [JsonPropertyName("serviceName")] public required string ServiceName { get; init; }
    [JsonPropertyName("scenarioCode")] public required string ScenarioCode { get; init; }
    [JsonPropertyName("singleUpperLimit")] public required decimal SingleUpperLimit { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("periodic")] public required bool Periodic { get; init; }
    [JsonPropertyName("cycleDebitFixed")] public bool? CycleDebitFixed { get; init; }
    [JsonPropertyName("cycleType")] public string? CycleType { get; init; }
    [JsonPropertyName("cycleValue")] public int? CycleValue { get; init; }
    [JsonPropertyName("firstDeductTime")] public long? FirstDeductTime { get; init; }
    [JsonPropertyName("merchantAccountNo")] public string? MerchantAccountNo { get; init; }
    [JsonPropertyName("requestExpireTime")] public long? RequestExpireTime { get; init; }
    [JsonPropertyName("contractEndTime")] public long? ContractEndTime { get; init; }
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }
}
