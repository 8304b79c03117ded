namespace Citrine.Application.Buyers;

/// <summary>A sandbox buyer: the Binance user who pays (docs/decisions.md#buyer-identity). Citrine-only.</summary>
public sealed record Buyer(long BuyerId, string Name, long CreatedAtMs);

/// <summary>A buyer with the balance of each asset in its wallet, in units of 1e-8.</summary>
public sealed record BuyerWallet(Buyer Buyer, IReadOnlyDictionary<string, long> BalanceUnits);
