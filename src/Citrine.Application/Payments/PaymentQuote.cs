using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Application.Pricing;
using Citrine.Contracts;
using Citrine.Contracts.Orders;
using Citrine.Domain.Ledger;

namespace Citrine.Application.Payments;

/// <summary>
/// What paying an order in a currency costs, and the journal that moves the money. The buyer pays the order amount
/// converted at configured prices, rounded up; the commission (basis points of the order amount) is rounded down:
/// both roundings favour the merchant. Conversion legs go through <see cref="Accounts.Exchange"/>.
/// </summary>
public sealed record PaymentQuote(string PayCurrency, long PayUnits, long PriceUnits, long CommissionUnits)
{
    /// <summary>Binance documents <c>payMethod</c> without values; sandbox buyers pay from their funding
    /// wallet.</summary>
    public const string PayMethod = "FUNDING";

    private const long BasisPointsPerWhole = 10_000;

    public static PaymentQuote Create(Order order, string payCurrency, CurrencyCatalog currencies,
        int commissionBasisPoints)
    {
        var payUnits = currencies.Convert(order.AmountUnits, order.Currency, payCurrency);
        var priceUnits = payCurrency == order.Currency
            ? Amounts.UnitsPerCoin
            : (long)((Int128)currencies.PriceUnits(payCurrency) * Amounts.UnitsPerCoin
                     / currencies.PriceUnits(order.Currency));
        var commission = (long)((Int128)order.AmountUnits * commissionBasisPoints / BasisPointsPerWhole);
        return new PaymentQuote(payCurrency, payUnits, priceUnits, commission);
    }

    /// <summary>The payment journal; zero legs (no commission) are left out.</summary>
    public Journal Journal(Order order, long buyerId)
    {
        var buyer = Accounts.Buyer(buyerId);
        var merchant = Accounts.Merchant(order.MerchantId);
        var postings = PayCurrency == order.Currency
            ? new List<Posting> { new(buyer, order.Currency, -order.AmountUnits) }
            : new List<Posting>
            {
                new(buyer, PayCurrency, -PayUnits),
                new(Accounts.Exchange, PayCurrency, PayUnits),
                new(Accounts.Exchange, order.Currency, -order.AmountUnits),
            };
        postings.Add(new Posting(merchant, order.Currency, order.AmountUnits - CommissionUnits));
        postings.Add(new Posting(Accounts.Fees, order.Currency, CommissionUnits));
        return Domain.Ledger.Journal.Create(JournalKinds.Payment,
            order.PrepayId.ToString(CultureInfo.InvariantCulture), postings.Where(p => p.Units != 0).ToArray());
    }

    /// <summary><c>paymentInfo</c> as Query Order returns it (docs/api-reference.md#query-order); <c>price</c> is the
    /// order currency per unit of the pay currency.</summary>
    public PaymentInfo PaymentInfo(long payerId) => new()
    {
        PayerId = payerId.ToString(CultureInfo.InvariantCulture),
        PayMethod = PayMethod,
        PaymentInstructions =
        [
            new PaymentInstruction
            {
                Currency = PayCurrency, Amount = Amounts.FromUnits(PayUnits), Price = Amounts.FromUnits(PriceUnits),
            },
        ],
    };
}
