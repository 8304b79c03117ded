namespace Citrine.Contracts.Wallets;

/// <summary>The wallet and transfer-type names of Wallet Balance and Transfer Fund (docs/api-reference.md#wallets).</summary>
public static class WalletNames
{
    /// <summary>The Pay (funding) wallet, where paid orders land.</summary>
    public const string FundingWallet = "FUNDING_WALLET";

    /// <summary>The spot wallet.</summary>
    public const string SpotWallet = "SPOT_WALLET";

    /// <summary>Transfer type: FUNDING_WALLET → SPOT_WALLET.</summary>
    public const string ToMain = "TO_MAIN";

    /// <summary>Transfer type: SPOT_WALLET → FUNDING_WALLET.</summary>
    public const string ToPay = "TO_PAY";

    /// <summary>The fiat of every valuation.</summary>
    public const string ValuationFiat = "USD";

    public static IReadOnlyList<string> Wallets { get; } = [FundingWallet, SpotWallet];

    public static IReadOnlyList<string> TransferTypes { get; } = [ToMain, ToPay];
}

/// <summary>The <c>status</c> values of a transfer (docs/api-reference.md#transfer-fund).</summary>
public static class TransferStatusNames
{
    public const string Success = "SUCCESS";
    public const string Failure = "FAILURE";
    public const string Process = "PROCESS";
}
