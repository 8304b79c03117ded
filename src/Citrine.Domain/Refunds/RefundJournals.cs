using Citrine.Domain.Ledger;

namespace Citrine.Domain.Refunds;

/// <summary>The buyer's leg of an order's payment journal: who paid, in which asset, how many units.</summary>
public sealed record PaymentLeg(string Account, string Asset, long Units);

/// <summary>
/// The journals of a refund. Accepting holds the merchant's share and the refunded commission; a rejected refund
/// releases the hold back where it came from; a settled one pays the buyer who paid, in the currency paid.
/// </summary>
public static class RefundJournals
{
    public static Journal Hold(long merchantId, string currency, string reference, long units, long commission) =>
        Create(JournalKinds.RefundHold, reference,
            new Posting(Accounts.Merchant(merchantId), currency, -(units - commission)),
            new Posting(Accounts.Fees, currency, -commission),
            new Posting(Accounts.RefundsPending, currency, units));

    public static Journal Release(long merchantId, string currency, string reference, long units, long commission) =>
        Create(JournalKinds.RefundRelease, reference,
            new Posting(Accounts.RefundsPending, currency, -units),
            new Posting(Accounts.Merchant(merchantId), currency, units - commission),
            new Posting(Accounts.Fees, currency, commission));

    /// <summary>
    /// Settled: at the payment's own rate (units paid per unit of the order amount), rounded down cumulatively, so
    /// that refunding the whole order returns exactly what was paid.
    /// </summary>
    public static Journal Refund(string currency, long amountUnits, string reference, long units,
        long refundedUnitsAfter, PaymentLeg paid)
    {
        if (paid.Asset == currency)
        {
            return Create(JournalKinds.Refund, reference, new Posting(Accounts.RefundsPending, currency, -units),
                new Posting(paid.Account, paid.Asset, units));
        }

        var back = RefundRules.ProRata(paid.Units, refundedUnitsAfter, amountUnits)
                   - RefundRules.ProRata(paid.Units, refundedUnitsAfter - units, amountUnits);
        return Create(JournalKinds.Refund, reference, new Posting(Accounts.RefundsPending, currency, -units),
            new Posting(Accounts.Exchange, currency, units), new Posting(Accounts.Exchange, paid.Asset, -back),
            new Posting(paid.Account, paid.Asset, back));
    }

    private static Journal Create(string kind, string reference, params Posting[] postings) =>
        Journal.Create(kind, reference, [.. postings.Where(p => p.Units != 0)]);
}
