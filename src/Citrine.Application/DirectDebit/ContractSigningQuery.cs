using Citrine.Application.Buyers;
using Citrine.Application.Merchants;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// The read side of the hosted contract-signing page: the contract behind a signing code (after any overdue expiry)
/// and the name of the merchant asking for it. Signing itself goes through <see cref="SignContractHandler"/>.
/// </summary>
public sealed class ContractSigningQuery(IContractStore contracts, ContractExpiry expiry, IMerchantStore merchants,
    IBuyerStore buyers)
{
    public async Task<Contract?> FindAsync(string signCode, CancellationToken cancellationToken)
    {
        var contract = await contracts.FindBySignCodeAsync(signCode, cancellationToken).ConfigureAwait(false);
        return contract is null
            ? null
            : await expiry.ExpireIfOverdueAsync(contract, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> MerchantNameAsync(Contract contract, CancellationToken cancellationToken) =>
        (await merchants.GetMerchantAsync(contract.MerchantId, cancellationToken).ConfigureAwait(false))?.Name;

    /// <summary>The sandbox buyers the contract's merchant may use, oldest first: those the page offers.</summary>
    public Task<IReadOnlyList<Buyer>> SignersAsync(Contract contract, CancellationToken cancellationToken) =>
        buyers.ListUsableAsync(contract.MerchantId, BuyerAdmin.ListMax, cancellationToken);
}
