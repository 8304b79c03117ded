using Citrine.Application.Orders;
using Citrine.Application.Pricing;

namespace Citrine.Application.Payments;

/// <summary>
/// Which currencies a buyer may pay an order with: the order's <c>supportPayCurrency</c> list when given
/// (docs/api-reference.md#create-order-v2), else every configured crypto currency. The default is the order currency
/// when it is allowed (no conversion).
/// </summary>
public static class PayCurrencies
{
    public static IReadOnlyList<string> For(Order order, CurrencyCatalog currencies) =>
        string.IsNullOrWhiteSpace(order.SupportPayCurrency)
            ? currencies.Crypto.ToList()
            : order.SupportPayCurrency
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(currencies.IsCrypto).Distinct(StringComparer.Ordinal).ToList();

    public static string? Default(Order order, CurrencyCatalog currencies)
    {
        var allowed = For(order, currencies);
        return allowed.Contains(order.Currency, StringComparer.Ordinal) ? order.Currency
            : allowed.Count > 0 ? allowed[0] : null;
    }
}
