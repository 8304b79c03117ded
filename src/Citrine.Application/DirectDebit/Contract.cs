using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// A direct-debit contract as stored (docs/api-reference.md#create-contract). Amounts are integer units of 1e-8; times
/// are Unix milliseconds. <see cref="ContractId"/> is minted with the row and revealed once the contract leaves
/// INITIAL.
/// </summary>
public sealed record Contract
{
    public required long PreContractId { get; init; }
    public required long ContractId { get; init; }
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
    public string? WebhookUrl { get; init; }
    public required string SignCode { get; init; }
    public required ContractStatus Status { get; init; }
    public required long RequestExpireTimeMs { get; init; }
    public required long ContractEndTimeMs { get; init; }
    public required long CreateTimeMs { get; init; }
    public long? BuyerId { get; init; }
    public string? OpenUserId { get; init; }
    public long? SignedTimeMs { get; init; }
    public int? TerminationWay { get; init; }
    public long? TerminationTimeMs { get; init; }
    public string? TerminationNotes { get; init; }
    public long DebitCount { get; init; }
    public long DebitedUnits { get; init; }

    /// <summary>True when the contract must expire at <paramref name="nowMs"/>: unsigned past its request expiry, or
    /// signed past its end time.</summary>
    public bool IsOverdue(long nowMs) =>
        ContractLifecycle.Table.Allows(Status, ContractEvent.Expire) && ExpiryDeadlineMs <= nowMs;

    /// <summary>The deadline an overdue contract expired at; recorded as its <c>contractTerminationTime</c>.</summary>
    public long ExpiryDeadlineMs => Status == ContractStatus.Initial ? RequestExpireTimeMs : ContractEndTimeMs;
}
