namespace Citrine.Application.DirectDebit;

/// <summary>Create Contract (docs/api-reference.md#create-contract) after its field rules: amounts in units of 1e-8,
/// times Unix ms.</summary>
public sealed record CreateContractCommand
{
    public required long MerchantId { get; init; }
    public long? SubMerchantId { get; init; }
    public required string MerchantContractCode { get; init; }
    public required string ServiceName { get; init; }
    public required string ScenarioCode { get; init; }
    public required long SingleUpperLimitUnits { get; init; }
    public required string Currency { get; init; }
    public required bool Periodic { get; init; }
    public bool? CycleDebitFixed { get; init; }
    public string? CycleType { get; init; }
    public int? CycleValue { get; init; }
    public long? FirstDeductTimeMs { get; init; }
    public string? MerchantAccountNo { get; init; }
    public long? RequestExpireTimeMs { get; init; }
    public long? ContractEndTimeMs { get; init; }
    public string? WebhookUrl { get; init; }
}
