namespace Citrine.Domain.Ledger;

/// <summary>A merchant's two wallets per asset, each with an available and a frozen (reserved) account
/// (<see cref="Accounts.MerchantWallet"/>).</summary>
public enum MerchantWalletKind
{
    /// <summary><c>FUNDING_WALLET</c>: where paid orders land.</summary>
    Funding,

    /// <summary><c>SPOT_WALLET</c>.</summary>
    Spot,
}
