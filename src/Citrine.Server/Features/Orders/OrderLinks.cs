using Citrine.Application;
using Citrine.Application.Orders;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Orders;

/// <summary>
/// The buyer-facing links of an order. Binance's point at its app and pay.binance.com; Citrine's all lead to its own
/// hosted checkout page, so a browser can follow any of them (docs/compatibility.md, "Checkout links").
/// </summary>
internal sealed record OrderLinks(string CheckoutUrl, string QrcodeLink, string QrContent, string Deeplink,
    string UniversalUrl)
{
    public static string BaseUrl(HttpContext context, CitrineOptions options) =>
        (options.PublicBaseUrl ?? $"{context.Request.Scheme}://{context.Request.Host}").TrimEnd('/');

    public static OrderLinks For(string baseUrl, Order order, string? universalUrlAttach = null)
    {
        var code = order.CheckoutCode;
        var checkout = $"{baseUrl}/checkout/{code}";
        var attach = string.IsNullOrEmpty(universalUrlAttach) ? "" : "&" + universalUrlAttach;
        return new OrderLinks(checkout, $"{checkout}/qr.png", $"{baseUrl}/qr/{code}",
            $"{baseUrl}/payment/secpay?tempToken={code}", $"{baseUrl}/payment/secpay?linkToken={code}{attach}");
    }
}
