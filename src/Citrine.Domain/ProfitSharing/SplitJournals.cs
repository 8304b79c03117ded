using System.Globalization;
using Citrine.Domain.Ledger;

namespace Citrine.Domain.ProfitSharing;

/// <summary>
/// The ledger side of profit sharing: a split reserves its total in the merchant's FUNDING wallet (available → frozen,
/// one journal); a paid line moves its amount from frozen to the receiver (a buyer, or a merchant's FUNDING wallet), a
/// failed line back to available; a return moves an amount from the receiver back to FUNDING available.
/// </summary>
public static class SplitJournals
{
    public static Journal Reserve(long merchantId, long splitId, string asset, long units) =>
        Journal.Create(JournalKinds.SplitReserve, Reference(splitId),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: false), asset, -units),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: true), asset, units));

    public static Journal Pay(long merchantId, long detailId, string asset, long units, long buyerId) =>
        Journal.Create(JournalKinds.Split, Reference(detailId),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: true), asset, -units),
            new Posting(Accounts.Buyer(buyerId), asset, units));

    /// <summary>A line paid to a merchant receiver: into its FUNDING wallet.</summary>
    public static Journal PayMerchant(long merchantId, long detailId, string asset, long units, long payeeMerchantId) =>
        Journal.Create(JournalKinds.Split, Reference(detailId),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: true), asset, -units),
            new Posting(Accounts.MerchantWallet(payeeMerchantId, MerchantWalletKind.Funding, frozen: false), asset,
                units));

    public static Journal Release(long merchantId, long detailId, string asset, long units) =>
        Journal.Create(JournalKinds.SplitRelease, Reference(detailId),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: true), asset, -units),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: false), asset, units));

    public static Journal TakeBack(long merchantId, long returnId, string asset, long units, long buyerId) =>
        Journal.Create(JournalKinds.SplitReturn, Reference(returnId),
            new Posting(Accounts.Buyer(buyerId), asset, -units),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: false), asset, units));

    /// <summary>A return from a merchant receiver: out of its FUNDING wallet.</summary>
    public static Journal TakeBackFromMerchant(long merchantId, long returnId, string asset, long units,
        long payeeMerchantId) =>
        Journal.Create(JournalKinds.SplitReturn, Reference(returnId),
            new Posting(Accounts.MerchantWallet(payeeMerchantId, MerchantWalletKind.Funding, frozen: false), asset,
                -units),
            new Posting(Accounts.MerchantWallet(merchantId, MerchantWalletKind.Funding, frozen: false), asset, units));

    private static string Reference(long id) => id.ToString(CultureInfo.InvariantCulture);
}
