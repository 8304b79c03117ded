using Citrine.Application.Sandbox;
using Citrine.Application.Buyers;
using Citrine.Contracts;
using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// The buyer signs (hosted page or sandbox helper): the Sign edge of <see cref="ContractLifecycle"/>, one conditional
/// update that also writes the
/// <c>CONTRACT_SIGNED</c> webhook, so a contract is signed once, by one buyer, and never after its
/// <c>requestExpireTime</c>. The buyer's <c>openUserId</c> is the one it has with this merchant
/// (docs/decisions.md#buyer-identity). A buyer the contract's merchant may not use is answered exactly as an unknown
/// one (409002, docs/sandbox.md#buyers).
/// </summary>
public sealed class SignContractHandler(IContractStore contracts, IBuyerStore buyers, ContractExpiry expiry,
    TimeProvider time)
{
    public async Task<Result<Contract>> HandleAsync(Contract? contract, long buyerId,
        CancellationToken cancellationToken)
    {
        if (contract is null)
        {
            return Result<Contract>.Fail(ResultCodes.DirectDebitContractNotFound, "contract not found");
        }

        if (await buyers.GetAsync(buyerId, cancellationToken).ConfigureAwait(false) is not { } buyer
            || !buyer.UsableBy(contract.MerchantId))
        {
            return Result<Contract>.Fail(ResultCodes.SandboxBuyerNotFound, BuyerAdmin.UnknownBuyer(buyerId));
        }

        contract = await expiry.ExpireIfOverdueAsync(contract, cancellationToken).ConfigureAwait(false);
        var nowMs = time.MerchantNowMs(contract.MerchantId);
        var openUserId = Ids.OpenUserId(buyerId, contract.MerchantId);
        if (ContractLifecycle.Table.Allows(contract.Status, ContractEvent.Sign)
            && await contracts.TrySignAsync(contract.PreContractId, buyerId, openUserId, nowMs,
                ContractNotifications.Of(ContractEvent.Sign, nowMs)!, cancellationToken).ConfigureAwait(false))
        {
            // A sandbox reset between the update and this read removes the contract: answered as unknown.
            return await contracts.GetAsync(contract.PreContractId, cancellationToken).ConfigureAwait(false)
                is { } signed
                ? Result<Contract>.Ok(signed)
                : Result<Contract>.Fail(ResultCodes.DirectDebitContractNotFound, "contract not found");
        }

        var current = await contracts.GetAsync(contract.PreContractId, cancellationToken).ConfigureAwait(false)
                      ?? contract;
        current = await expiry.ExpireIfOverdueAsync(current, cancellationToken).ConfigureAwait(false);
        return Result<Contract>.Fail(ResultCodes.SandboxContractNotSignable,
            $"contract is {current.Status.BizStatus()}: only an INITIAL contract can be signed, "
            + "before its requestExpireTime");
    }
}
