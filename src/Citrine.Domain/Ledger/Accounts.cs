namespace Citrine.Domain.Ledger;

/// <summary>Account names of the ledger. One account per owner and asset; the asset is part of each posting.</summary>
public static class Accounts
{
    /// <summary>Where sandbox funding comes from (its balance goes negative by design: it is the outside world).</summary>
    public const string SandboxMint = "sandbox:mint";

    /// <summary>Commission earned by the platform.</summary>
    public const string Fees = "platform:fees";

    /// <summary>The conversion desk that swaps a buyer's pay currency into the order currency.</summary>
    public const string Exchange = "platform:exchange";

    /// <summary>Refunds accepted but not yet settled (never negative).</summary>
    public const string RefundsPending = "platform:refunds-pending";

    public static string Buyer(long buyerId) => $"buyer:{buyerId}";

    /// <summary>The merchant's FUNDING wallet, available part: where paid orders have always credited the merchant,
    /// so the name predates the wallets (docs/compatibility.md#merchant-wallets).</summary>
    public static string Merchant(long merchantId) => $"merchant:{merchantId}";

    /// <summary>One of the merchant's wallet accounts: <paramref name="wallet"/>'s available or frozen (reserved)
    /// part. FUNDING available is <see cref="Merchant"/>; the others have a suffix.</summary>
    public static string MerchantWallet(long merchantId, MerchantWalletKind wallet, bool frozen) => (wallet, frozen) switch
    {
        (MerchantWalletKind.Funding, false) => Merchant(merchantId),
        (MerchantWalletKind.Funding, true) => $"merchant:{merchantId}:funding:freeze",
        (MerchantWalletKind.Spot, false) => $"merchant:{merchantId}:spot",
        (MerchantWalletKind.Spot, true) => $"merchant:{merchantId}:spot:freeze",
        _ => throw new ArgumentOutOfRangeException(nameof(wallet), wallet, null),
    };

    /// <summary>Accounts that may go negative: the outside world and the conversion desk.</summary>
    public static bool MayGoNegative(string account) => account is SandboxMint or Exchange;
}
