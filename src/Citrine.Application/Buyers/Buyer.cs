namespace Citrine.Application.Buyers;

/// <summary>
/// A sandbox buyer: the Binance user who pays (docs/decisions.md#buyer-identity). Citrine-only.
/// <paramref name="OwnerMerchantId"/> is the one merchant that may use the buyer, or null for a shared buyer every
/// merchant may use (docs/sandbox.md#buyers).
/// </summary>
public sealed record Buyer(long BuyerId, string Name, long CreatedAtMs, BuyerIdentity Identity, long? OwnerMerchantId)
{
    /// <summary>The KYC profile (payer verification, blocked countries).</summary>
    public BuyerKyc Kyc { get; init; } = BuyerKyc.None;

    /// <summary>Whether <paramref name="merchantId"/> may pay, sign or check receivers as this buyer.</summary>
    public bool UsableBy(long merchantId) => OwnerMerchantId is null || OwnerMerchantId == merchantId;
}

/// <summary>A buyer with the balance of each asset in its wallet, in units of 1e-8.</summary>
public sealed record BuyerWallet(Buyer Buyer, IReadOnlyDictionary<string, long> BalanceUnits);
