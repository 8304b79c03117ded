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

    public static string Order(QueryOrderResult order, OrderOutcome? outcome)
    {
        var verdict = outcome switch
        {
            { BizStatus: WebhookNames.PaySuccess, Data: var paid } => string.Create(CultureInfo.InvariantCulture,
                $"<p id=\"paid\">Paid: {paid.TotalFee} {Encode(paid.Currency)} (verified webhook)</p>"),
            { BizStatus: WebhookNames.PayClosed } =>
                "<p id=\"closed\">Closed: cancelled or expired, nothing was paid (verified webhook)</p>",
            _ => "<p id=\"waiting\">Waiting for the payment webhook.</p>",
        };
        // A buyer who changed their mind cancels here; the shop closes the order and waits for PAY_CLOSED.
        var cancel = outcome is null && order.Status == OrderStatusNames.Initial
            ? $"<form method=\"post\" action=\"/orders/{Encode(order.MerchantTradeNo)}/cancel\"><button type=\"submit\">"
              + "Cancel order</button></form>"
            : "";
        return $"""
            <!doctype html><html><head><title>Order {Encode(order.MerchantTradeNo)}</title></head><body>
            <h1>Order {Encode(order.MerchantTradeNo)}</h1>
            <p>Status from the API: <span id="status">{Encode(order.Status)}</span></p>
            {verdict}
            {cancel}
            </body></html>
            """;
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
