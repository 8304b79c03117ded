using Citrine.Application.Merchants;
using Citrine.Contracts;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// The direct-debit whitelist (docs/api-reference.md#direct-debit: "only available for whitelisted merchants"): a
/// merchant without <see cref="Merchant.DirectDebitEnabled"/> gets 400606 on every direct-debit endpoint. The flag is
/// read fresh on each request (one primary-key lookup), so enabling or disabling takes effect at once, unlike the 2 s
/// key cache.
/// </summary>
public sealed class DirectDebitAccess(IMerchantStore merchants)
{
    public async Task<Failure?> CheckAsync(long merchantId, CancellationToken cancellationToken)
    {
        var merchant = await merchants.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false);
        return merchant is { DirectDebitEnabled: true }
            ? null
            : new Failure(ResultCodes.MerchantAccessForbidden,
                "direct debit is not enabled for this merchant (ask the operator to whitelist it)");
    }
}
