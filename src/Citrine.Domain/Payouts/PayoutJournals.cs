using System.Globalization;
using Citrine.Domain.Ledger;

namespace Citrine.Domain.Payouts;

/// <summary>
/// The ledger side of a payout: accepting a batch moves each source wallet's share from its available part to its
/// frozen part (one journal); a paid line moves its amount from the frozen part to the receiver buyer's wallet; a
/// failed or refunded line moves it back to the available part.
/// </summary>
public static class PayoutJournals
{
    /// <summary>The reserve of a batch: <paramref name="unitsByWallet"/> is the sum of its lines per source
    /// wallet.</summary>
    public static Journal Reserve(long merchantId, long batchId, string asset,
        IReadOnlyDictionary<MerchantWalletKind, long> unitsByWallet)
    {
        var postings = unitsByWallet.Where(w => w.Value > 0).OrderBy(w => w.Key).SelectMany(w => new[]
        {
            new Posting(Accounts.MerchantWallet(merchantId, w.Key, frozen: false), asset, -w.Value),
            new Posting(Accounts.MerchantWallet(merchantId, w.Key, frozen: true), asset, w.Value),
        }).ToArray();
        return Journal.Create(JournalKinds.PayoutReserve, Reference(batchId), postings);
    }

    /// <summary>A paid line: the frozen amount to the receiver's wallet.</summary>
    public static Journal Pay(long merchantId, long lineId, MerchantWalletKind wallet, string asset, long units,
        long buyerId) => Journal.Create(JournalKinds.Payout, Reference(lineId),
        new Posting(Accounts.MerchantWallet(merchantId, wallet, frozen: true), asset, -units),
        new Posting(Accounts.Buyer(buyerId), asset, units));

    /// <summary>A failed or refunded line: the frozen amount back to the available part.</summary>
    public static Journal Return(long merchantId, long lineId, MerchantWalletKind wallet, string asset, long units) =>
        Journal.Create(JournalKinds.PayoutReturn, Reference(lineId),
            new Posting(Accounts.MerchantWallet(merchantId, wallet, frozen: true), asset, -units),
            new Posting(Accounts.MerchantWallet(merchantId, wallet, frozen: false), asset, units));

    private static string Reference(long id) => id.ToString(CultureInfo.InvariantCulture);
}
