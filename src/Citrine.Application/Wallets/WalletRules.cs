using Citrine.Contracts.Wallets;
using Citrine.Domain.Ledger;

namespace Citrine.Application.Wallets;

/// <summary>Wire names of wallets and transfer types onto the ledger's wallets.</summary>
public static class WalletRules
{
    public static MerchantWalletKind Wallet(string wireName) => wireName switch
    {
        WalletNames.FundingWallet => MerchantWalletKind.Funding,
        WalletNames.SpotWallet => MerchantWalletKind.Spot,
        _ => throw new ArgumentOutOfRangeException(nameof(wireName), wireName, null),
    };

    /// <summary><c>TO_MAIN</c> moves FUNDING → SPOT, <c>TO_PAY</c> SPOT → FUNDING.</summary>
    public static (MerchantWalletKind From, MerchantWalletKind To) Direction(string transferType) => transferType switch
    {
        WalletNames.ToMain => (MerchantWalletKind.Funding, MerchantWalletKind.Spot),
        WalletNames.ToPay => (MerchantWalletKind.Spot, MerchantWalletKind.Funding),
        _ => throw new ArgumentOutOfRangeException(nameof(transferType), transferType, null),
    };

    public static string WireName(MerchantWalletKind wallet) =>
        wallet == MerchantWalletKind.Funding ? WalletNames.FundingWallet : WalletNames.SpotWallet;

    /// <summary>The journal of a transfer: the source wallet's available part to the target's.</summary>
    public static Journal TransferJournal(WalletTransfer transfer)
    {
        var (from, to) = Direction(transfer.TransferType);
        return Journal.Create(JournalKinds.WalletTransfer, $"{transfer.MerchantId}:{transfer.RequestId}",
            new Posting(Accounts.MerchantWallet(transfer.MerchantId, from, frozen: false), transfer.Currency,
                -transfer.AmountUnits),
            new Posting(Accounts.MerchantWallet(transfer.MerchantId, to, frozen: false), transfer.Currency,
                transfer.AmountUnits));
    }
}
