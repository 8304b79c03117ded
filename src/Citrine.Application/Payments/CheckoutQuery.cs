using Citrine.Application.Sandbox;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Pricing;

namespace Citrine.Application.Payments;

/// <summary>What the hosted checkout page shows for one order, read at one moment.</summary>
public sealed record CheckoutSnapshot(
    Order Order,
    string MerchantName,
    long RemainingMs,
    IReadOnlyList<(string Currency, long Units)> PayOptions,
    string? DefaultPayCurrency,
    IReadOnlyList<Buyer> Buyers);

/// <summary>
/// The read side of the hosted checkout: finds an order by its checkout code and gathers what the page shows (the
/// order after any overdue expiry, the merchant's name, time left, the pay currencies with their converted amounts,
/// and the sandbox buyers the order's merchant may use). The page itself only renders; paying goes through
/// <see cref="PayOrderHandler"/>.
/// </summary>
public sealed class CheckoutQuery(IOrderStore orders, OrderExpiry expiry, IMerchantStore merchants,
    IBuyerStore buyers, CurrencyCatalog currencies, TimeProvider time)
{
    public Task<Order?> FindAsync(string checkoutCode, CancellationToken cancellationToken) =>
        orders.FindByCheckoutCodeAsync(checkoutCode, cancellationToken);

    public async Task<CheckoutSnapshot> SnapshotAsync(Order order, CancellationToken cancellationToken)
    {
        order = await expiry.ExpireIfOverdueAsync(order, cancellationToken).ConfigureAwait(false);
        var merchant = await merchants.GetMerchantAsync(order.MerchantId, cancellationToken).ConfigureAwait(false);
        var payers = await buyers.ListUsableAsync(order.MerchantId, BuyerAdmin.ListMax, cancellationToken).ConfigureAwait(false);
        var nowMs = time.MerchantNowMs(order.MerchantId);
        var options = PayCurrencies.For(order, currencies)
            .Select(c => (c, currencies.Convert(order.AmountUnits, order.Currency, c))).ToList();
        return new CheckoutSnapshot(order, merchant?.Name ?? "Merchant", order.ExpireTimeMs - nowMs, options,
            PayCurrencies.Default(order, currencies), payers);
    }
}
