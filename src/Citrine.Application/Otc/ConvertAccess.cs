using Citrine.Application.Merchants;
using Citrine.Contracts;

namespace Citrine.Application.Otc;

/// <summary>
/// The convert whitelist (spec §7 "whitelisted"; docs/compatibility.md#convert): a merchant without
/// <see cref="Merchant.ConvertEnabled"/> gets 400606 on every convert endpoint, as direct debit does
/// (<see cref="DirectDebit.DirectDebitAccess"/>). Read fresh on each request, so a change takes effect at once.
/// </summary>
public sealed class ConvertAccess(IMerchantStore merchants)
{
    public async Task<Failure?> CheckAsync(long merchantId, CancellationToken cancellationToken)
    {
        var merchant = await merchants.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false);
        return merchant is { ConvertEnabled: true }
            ? null
            : new Failure(ResultCodes.MerchantAccessForbidden,
                "convert is not enabled for this merchant (ask the operator to whitelist it)");
    }
}
