using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Terminate Contract (docs/api-reference.md#terminate-contract): a termination edge of
/// <see cref="ContractLifecycle"/>, one conditional update, so concurrent terminations (and a later pay/apply) see
/// exactly one outcome. A merchant's termination sends no webhook, as documented; a buyer's (sandbox) sends
/// <c>CONTRACT_TERMINATED</c> with <c>contractTerminationWay</c> 0. Only a signed contract can be terminated: INITIAL,
/// TERMINATED and EXPIRED all answer 406212 with the current status in the message.
/// </summary>
public sealed class TerminateContractHandler(IContractStore contracts, ContractExpiry expiry, TimeProvider time)
{
    /// <summary>Longest <c>terminationNotes</c> (docs/api-reference.md#terminate-contract).</summary>
    public const int TerminationNotesMax = 256;

    public async Task<Result<bool>> HandleAsync(ContractLookup lookup, string? notes, int way,
        CancellationToken cancellationToken)
    {
        var contract = await contracts.FindAsync(lookup, cancellationToken).ConfigureAwait(false);
        if (contract is null)
        {
            return Result<bool>.Fail(ResultCodes.DirectDebitContractNotFound, "contract not found");
        }

        contract = await expiry.ExpireIfOverdueAsync(contract, cancellationToken).ConfigureAwait(false);
        var nowMs = time.MerchantNowMs(contract.MerchantId);
        var termination = ContractLifecycle.TerminationEvent(way);
        var terminatedEvent = ContractNotifications.Of(termination, nowMs);
        if (ContractLifecycle.Table.Allows(contract.Status, termination)
            && await contracts.TryTerminateAsync(contract.PreContractId, way, notes, nowMs, terminatedEvent,
                cancellationToken).ConfigureAwait(false))
        {
            return Result<bool>.Ok(true);
        }

        // Not signed, or another termination (or the expiry) won the race: say what the contract is now.
        var current = await contracts.GetAsync(contract.PreContractId, cancellationToken).ConfigureAwait(false)
                      ?? contract;
        current = await expiry.ExpireIfOverdueAsync(current, cancellationToken).ConfigureAwait(false);
        return Result<bool>.Fail(ResultCodes.DirectDebitContractNotSigned, current.Status == ContractStatus.Initial
            ? "contract is INITIAL: it has not been signed"
            : $"contract is {current.Status.BizStatus()}: only a signed contract can be terminated");
    }
}
