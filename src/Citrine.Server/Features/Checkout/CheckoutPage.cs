using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Citrine.Application.Buyers;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Domain.Orders;

namespace Citrine.Server.Features.Checkout;

/// <summary>What the checkout page shows.</summary>
internal sealed record CheckoutView(
    Order Order,
    string MerchantName,
    long RemainingMs,
    IReadOnlyList<(string Currency, long Units)> PayOptions,
    string? DefaultPayCurrency,
    IReadOnlyList<Buyer> Buyers,
    bool Sandbox,
    string? Error = null,
    string? Notice = null);

/// <summary>
/// Renders the hosted checkout page: plain server-side HTML, no external resources, every dynamic value HTML-encoded.
/// Element ids (<c>buyer</c>, <c>payCurrency</c>, <c>pay</c>, <c>cancel</c>, <c>status</c>, <c>countdown</c>,
/// <c>return</c>) are stable for browser tests.
/// </summary>
internal static class CheckoutPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f5f5;margin:0;color:#1e2329}
        main{max-width:420px;margin:32px auto;background:#fff;border-radius:12px;padding:24px;
          box-shadow:0 2px 12px rgba(0,0,0,.08)}
        header{display:flex;justify-content:space-between;align-items:center;font-size:14px;color:#707a8a}
        .brand{font-weight:700;color:#c99400}
        .sandbox{font-size:11px;background:#fef6d8;padding:2px 6px;border-radius:4px}
        h1{font-size:20px;margin:16px 0 4px}.detail{color:#707a8a;margin:0 0 12px}
        dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;margin:12px 0}dt{color:#707a8a}dd{margin:0}
        #amount{font-size:22px;font-weight:700}.qr{display:block;margin:12px auto;width:200px;height:200px}
        label{display:block;font-size:13px;color:#707a8a;margin:10px 0 4px}
        select,button{width:100%;padding:10px;font-size:15px;border-radius:8px;border:1px solid #d0d4da;
          box-sizing:border-box}
        button{background:#fcd535;border:0;font-weight:700;margin-top:14px;cursor:pointer}
        button:disabled{background:#eaecef;color:#9aa0a6;cursor:not-allowed}
        .secondary{background:#eaecef;font-weight:400;margin-top:8px}
        .error{background:#fdecee;color:#c0392b;padding:10px;border-radius:8px;margin:12px 0}
        .notice{background:#eef6fd;color:#1f5f99;padding:10px;border-radius:8px;margin:12px 0}
        .state{font-size:18px;font-weight:700;text-align:center;padding:16px;border-radius:8px}
        .PAID{background:#e7f7ef;color:#0b8a4b}.CANCELED,.EXPIRED{background:#eaecef;color:#474d57}
        a{color:#c99400}
        """;

    // Counts down from the remaining time measured by the server (the sandbox clock may run ahead of the browser's).
    private const string Script = """
        (function () {
          var el = document.getElementById('countdown');
          if (!el) { return; }
          var end = performance.now() + Number(el.getAttribute('data-remaining-ms'));
          function tick() {
            var ms = Math.max(0, end - performance.now());
            var s = Math.floor(ms / 1000);
            el.textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
            if (ms <= 0) {
              el.textContent = 'expired';
              var pay = document.getElementById('pay');
              if (pay) { pay.disabled = true; }
              return;
            }
            setTimeout(tick, 250);
          }
          tick();
        })();
        """;

    public static string Render(CheckoutView view, string nonce)
    {
        var order = view.Order;
        var code = E(order.CheckoutCode);
        var status = order.Status.WireName();
        var body = new StringBuilder();
        body.Append("<header><div class=\"brand\">Citrine Pay <span class=\"sandbox\">sandbox</span></div><div>")
            .Append(E(view.MerchantName)).Append("</div></header>\n");
        body.Append("<h1>").Append(E(order.ProductName)).Append("</h1>\n");
        if (!string.IsNullOrEmpty(order.ProductDetail) && order.ProductDetail != order.ProductName)
        {
            body.Append("<p class=\"detail\">").Append(E(order.ProductDetail)).Append("</p>\n");
        }

        body.Append("<dl><dt>Amount</dt><dd id=\"amount\">").Append(E(Amounts.FormatUnitsShort(order.AmountUnits)))
            .Append(' ').Append(E(order.Currency)).Append("</dd>\n<dt>Order</dt><dd>").Append(E(order.MerchantTradeNo))
            .Append("</dd>\n<dt>Status</dt><dd id=\"status\" data-status=\"").Append(E(status)).Append("\">")
            .Append(E(status)).Append("</dd>\n");
        if (order.Status == OrderStatus.Initial)
        {
            body.Append("<dt>Expires in</dt><dd id=\"countdown\" data-remaining-ms=\"")
                .Append(Math.Max(0, view.RemainingMs).ToString(CultureInfo.InvariantCulture)).Append("\"></dd>\n");
        }

        body.Append("</dl>\n");
        AppendMessage(body, "error", view.Error);
        AppendMessage(body, "notice", view.Notice);
        if (order.Status == OrderStatus.Initial && view.Sandbox)
        {
            AppendPayForms(body, view, code);
        }
        else if (order.Status == OrderStatus.Initial)
        {
            // Citrine:Sandbox=false: nothing here moves money; the order is paid from the Binance app.
            AppendQr(body, code);
            AppendMessage(body, "notice", "Scan the QR code with the Binance app to pay.");
        }
        else
        {
            AppendState(body, order, status);
        }

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{{E(view.MerchantName)}} · Citrine checkout</title>
            <style nonce="{{E(nonce)}}">{{Style}}</style>
            </head>
            <body>
            <main>
            {{body}}</main>
            <script nonce="{{E(nonce)}}">{{Script}}</script>
            </body>
            </html>
            """;
    }

    /// <summary>A minimal page for links that name no order.</summary>
    public static string NotFound(string nonce) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Checkout not found · Citrine</title>
        <style nonce="{{E(nonce)}}">{{Style}}</style></head>
        <body><main><h1>Checkout not found</h1><p class="detail">This payment link does not name an order.</p></main>
        </body></html>
        """;

    private static void AppendQr(StringBuilder body, string code) =>
        body.Append("<img class=\"qr\" src=\"/checkout/").Append(code)
            .Append("/qr.png\" alt=\"QR code of this order\" width=\"200\" height=\"200\">\n");

    private static void AppendPayForms(StringBuilder body, CheckoutView view, string code)
    {
        AppendQr(body, code);
        body.Append("<form method=\"post\" action=\"/checkout/").Append(code).Append("/pay\">\n");
        body.Append("<label for=\"buyer\">Pay as (sandbox buyer)</label><select id=\"buyer\" name=\"buyerId\">\n");
        foreach (var buyer in view.Buyers)
        {
            var id = buyer.BuyerId.ToString(CultureInfo.InvariantCulture);
            body.Append("<option value=\"").Append(id).Append("\">").Append(E(buyer.Name)).Append(" (#")
                .Append(id).Append(")</option>\n");
        }

        body.Append("</select>\n<label for=\"payCurrency\">Pay with</label>")
            .Append("<select id=\"payCurrency\" name=\"payCurrency\">\n");
        foreach (var (currency, units) in view.PayOptions)
        {
            body.Append("<option value=\"").Append(E(currency)).Append('"')
                .Append(currency == view.DefaultPayCurrency ? " selected" : "").Append('>')
                .Append(E(Amounts.FormatUnitsShort(units))).Append(' ').Append(E(currency)).Append("</option>\n");
        }

        var payable = view.Buyers.Count > 0 && view.PayOptions.Count > 0 && view.RemainingMs > 0;
        body.Append("</select>\n<button id=\"pay\" type=\"submit\"").Append(payable ? "" : " disabled")
            .Append(">Pay</button>\n</form>\n");
        if (view.Buyers.Count == 0)
        {
            AppendMessage(body, "notice",
                "No sandbox buyers yet: create one with `citrine buyer create --name Alice --fund 1000 USDT`.");
        }

        body.Append("<form method=\"post\" action=\"/checkout/").Append(code)
            .Append("/cancel\"><button id=\"cancel\" class=\"secondary\" type=\"submit\">Cancel</button></form>\n");
    }

    private static void AppendState(StringBuilder body, Order order, string status)
    {
        var text = order.Status switch
        {
            OrderStatus.Paid => "Paid. Thank you!",
            OrderStatus.Canceled => "This order was closed by the merchant.",
            OrderStatus.Expired => "This order has expired.",
            _ => $"This order is {status}.",
        };
        body.Append("<p class=\"state ").Append(E(status)).Append("\">").Append(E(text)).Append("</p>\n");
        var link = order.Status == OrderStatus.Paid ? order.ReturnUrl : order.CancelUrl;
        if (!string.IsNullOrEmpty(link))
        {
            body.Append("<p><a id=\"return\" href=\"").Append(E(link)).Append("\">Return to the merchant</a></p>\n");
        }
    }

    private static void AppendMessage(StringBuilder body, string kind, string? message)
    {
        if (!string.IsNullOrEmpty(message))
        {
            body.Append("<p class=\"").Append(kind).Append("\" id=\"").Append(kind).Append("\">").Append(E(message))
                .Append("</p>\n");
        }
    }

    private static string E(string value) => Html.Encode(value);
}
