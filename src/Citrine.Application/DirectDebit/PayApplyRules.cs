using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Why pay/apply refuses a contract. The store's conditional debit decides the race (statuses from
/// <see cref="ContractLifecycle.Table"/>); these rules name the refusal from what it read in the same transaction.
/// </summary>
public static class PayApplyRules
{
    /// <summary>Why the conditional debit matched nothing.</summary>
    public static PayApplyOutcome WhyNotDebited(Contract? contract, long nowMs) =>
        contract is null ? PayApplyOutcome.ContractNotFound
        : !ContractLifecycle.Table.Allows(contract.Status, ContractEvent.Debit) || contract.ContractEndTimeMs <= nowMs
            ? PayApplyOutcome.ContractNotSigned
            : PayApplyOutcome.OverLimit;

    /// <summary>A currency, when the merchant sends one, must be the contract's.</summary>
    public static bool CurrencyMatches(PayApplyCommand command, Contract contract) =>
        command.Currency is not { } currency || currency == contract.Currency;
}
