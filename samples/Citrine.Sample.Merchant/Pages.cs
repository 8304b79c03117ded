using System.Globalization;
using System.Net;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Webhooks;

namespace Citrine.Sample.Merchant;

/// <summary>The shop's two pages, plain HTML.</summary>
internal static class Pages
{
    public static string Shop() => """
        <!doctype html><html><head><title>Ice Cream Shop</title></head><body>
        <h1>Ice Cream</h1><p>4.99 USDT</p>
        <form method="post" action="/buy"><button type="submit">Pay with Binance Pay</button></form>
        </body></html>
        """;

    public static string Order(QueryOrderResult order, OrderNotificationData? paid)
    {
        var verdict = paid is not null
            ? string.Create(CultureInfo.InvariantCulture,
                $"<p id=\"paid\">Paid: {paid.TotalFee} {Encode(paid.Currency)} (verified webhook)</p>")
            : "<p id=\"waiting\">Waiting for the payment webhook.</p>";
        return $"""
            <!doctype html><html><head><title>Order {Encode(order.MerchantTradeNo)}</title></head><body>
            <h1>Order {Encode(order.MerchantTradeNo)}</h1>
            <p>Status from the API: <span id="status">{Encode(order.Status)}</span></p>
            {verdict}
            </body></html>
            """;
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
