using Citrine.Application.Buyers;
using Citrine.Application.Merchants;

namespace Citrine.Application.Payments;

/// <summary>
/// A sub-merchant's <c>blockPayerKycCountries</c> (docs/compatibility.md#sub-merchants), for every way a buyer pays
/// under it: a sandbox or checkout payment and a direct-debit <c>pay/apply</c>. Read at payment time, so a modify
/// applies to what is already open.
/// </summary>
public sealed class PayerCountryRule(IBuyerStore buyers, IMerchantStore merchants)
{
    /// <summary>The buyer's KYC country (nationality or residence) that <paramref name="subMerchantId"/> blocks, or
    /// null when nothing blocks the payment.</summary>
    public async Task<string?> BlockedCountryAsync(long merchantId, long? subMerchantId, long buyerId,
        CancellationToken cancellationToken)
    {
        if (subMerchantId is not { } id
            || await merchants.GetSubMerchantAsync(merchantId, id, cancellationToken).ConfigureAwait(false)
                is not { BlockedPayerKycCountries.Count: > 0 } sub)
        {
            return null;
        }

        var buyer = await buyers.GetAsync(buyerId, cancellationToken).ConfigureAwait(false);
        return buyer?.Kyc.BlockedBy(sub.BlockedPayerKycCountries);
    }
}
