using System.Text.Json.Serialization;

namespace Citrine.Contracts.DirectDebit;

/// <summary>Query Contract (<c>/direct-debit/contract/query</c>, docs/api-reference.md#query-contract):
/// <c>contractId</c> wins when both are given.</summary>
public sealed record ContractLookupRequest
{
    [JsonPropertyName("merchantContractCode")] public string? MerchantContractCode { get; init; }
    [JsonPropertyName("contractId")] public long? ContractId { get; init; }
}

/// <summary>Terminate Contract (<c>/direct-debit/contract/termination</c>, docs/api-reference.md#terminate-contract):
/// answers <c>data: true</c> and, as documented, sends no webhook.</summary>
public sealed record TerminateContractRequest
{
    [JsonPropertyName("merchantContractCode")] public string? MerchantContractCode { get; init; }
    [JsonPropertyName("contractId")] public long? ContractId { get; init; }
    [JsonPropertyName("terminationNotes")] public string? TerminationNotes { get; init; }
}
