using Citrine.Contracts;

namespace Citrine.Application.DirectDebit;

/// <summary>Query Contract (docs/api-reference.md#query-contract): another merchant's contract answers exactly as an
/// unknown one (406207).</summary>
public sealed class QueryContractHandler(IContractStore contracts, ContractExpiry expiry)
{
    public async Task<Result<Contract>> HandleAsync(ContractLookup lookup, CancellationToken cancellationToken)
    {
        var contract = await contracts.FindAsync(lookup, cancellationToken).ConfigureAwait(false);
        return contract is null
            ? Result<Contract>.Fail(ResultCodes.DirectDebitContractNotFound, "contract not found")
            : Result<Contract>.Ok(await expiry.ExpireIfOverdueAsync(contract, cancellationToken).ConfigureAwait(false));
    }
}
