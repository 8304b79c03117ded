using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Citrine.Application.Buyers;

namespace Citrine.Server.Features.Partners;

/// <summary>
/// The partner consent pages (share account id, service provider authorisation): plain server-side HTML like the
/// hosted checkout (Features/Checkout/CheckoutPage.cs) — no external resources, no script, every dynamic value
/// HTML-encoded, served by <see cref="Checkout.HtmlResults"/> with its strict Content-Security-Policy. Element ids
/// (<c>status</c>, <c>buyer</c>, <c>approve</c>, <c>decline</c>, <c>reject</c>, <c>apiKey</c>, <c>apiSecret</c>,
/// <c>error</c>, <c>notice</c>) are stable for browser tests.
/// </summary>
internal static class PartnerPages
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f5f5;margin:0;color:#1e2329}
        main{max-width:420px;margin:32px auto;background:#fff;border-radius:12px;padding:24px;
          box-shadow:0 2px 12px rgba(0,0,0,.08)}
        header{display:flex;justify-content:space-between;align-items:center;font-size:14px;color:#707a8a}
        .brand{font-weight:700;color:#c99400}.sandbox{font-size:11px;background:#fef6d8;padding:2px 6px;border-radius:4px}
        h1{font-size:20px;margin:16px 0 4px}.detail{color:#707a8a;margin:0 0 12px}
        dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;margin:12px 0}dt{color:#707a8a}dd{margin:0}
        .qr{display:block;margin:12px auto;width:200px;height:200px}
        label{display:block;font-size:13px;color:#707a8a;margin:10px 0 4px}
        select,input,button{width:100%;padding:10px;font-size:15px;border-radius:8px;border:1px solid #d0d4da;
          box-sizing:border-box}
        button{background:#fcd535;border:0;font-weight:700;margin-top:14px;cursor:pointer}
        .secondary{background:#eaecef;font-weight:400;margin-top:8px}
        .error{background:#fdecee;color:#c0392b;padding:10px;border-radius:8px;margin:12px 0}
        .notice{background:#eef6fd;color:#1f5f99;padding:10px;border-radius:8px;margin:12px 0}
        .state{font-size:18px;font-weight:700;text-align:center;padding:16px;border-radius:8px;background:#eaecef}
        """;

    /// <summary>What the share consent page shows.</summary>
    internal sealed record ShareView(string Code, string MerchantName, string Status, long ExpireTime,
        IReadOnlyList<Buyer> Buyers, bool Sandbox, string? Error = null, string? Notice = null);

    /// <summary>What the authorisation review page shows.</summary>
    internal sealed record AuthView(string AuthId, string ProviderName, string MerchantName, string Status,
        IReadOnlyList<string> Scopes, string? Error = null, string? Notice = null);

    public static string Share(ShareView view, string nonce)
    {
        var body = new StringBuilder();
        Header(body, view.MerchantName);
        body.Append("<h1>Share your Binance ID</h1>\n<p class=\"detail\">")
            .Append(E(view.MerchantName)).Append(" asks for your Binance ID (and your name).</p>\n");
        body.Append("<dl><dt>Status</dt><dd id=\"status\" data-status=\"").Append(E(view.Status)).Append("\">")
            .Append(E(view.Status)).Append("</dd>\n<dt>Expires</dt><dd id=\"expires\">")
            .Append(E(DateTimeOffset.FromUnixTimeMilliseconds(view.ExpireTime).UtcDateTime
                .ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append("</dd></dl>\n");
        Message(body, "error", view.Error);
        Message(body, "notice", view.Notice);
        var path = "/share/" + E(view.Code);
        if (view.Status == "CREATED" && view.Sandbox)
        {
            body.Append("<img class=\"qr\" src=\"").Append(path)
                .Append("/qr.png\" alt=\"QR code of this request\" width=\"200\" height=\"200\">\n");
            body.Append("<form method=\"post\" action=\"").Append(path).Append("/approve\">\n")
                .Append("<label for=\"buyer\">Share as (sandbox buyer)</label><select id=\"buyer\" name=\"buyerId\">\n");
            foreach (var buyer in view.Buyers)
            {
                var id = buyer.BuyerId.ToString(CultureInfo.InvariantCulture);
                body.Append("<option value=\"").Append(id).Append("\">").Append(E(buyer.Name)).Append(" (#")
                    .Append(id).Append(")</option>\n");
            }

            body.Append("</select>\n<button id=\"approve\" type=\"submit\"")
                .Append(view.Buyers.Count == 0 ? " disabled" : "").Append(">Agree and share</button>\n</form>\n")
                .Append("<form method=\"post\" action=\"").Append(path).Append("/decline\">")
                .Append("<button id=\"decline\" class=\"secondary\" type=\"submit\">Decline</button></form>\n");
        }
        else if (view.Status == "CREATED")
        {
            body.Append("<img class=\"qr\" src=\"").Append(path)
                .Append("/qr.png\" alt=\"QR code of this request\" width=\"200\" height=\"200\">\n");
            Message(body, "notice", "Scan the QR code with the Binance app to answer.");
        }
        else
        {
            body.Append("<p class=\"state\">").Append(view.Status == "SHARED"
                ? "Your Binance ID was shared."
                : "This request has expired: nothing can be shared any more.").Append("</p>\n");
        }

        return Document("Share your Binance ID", body, nonce);
    }

    public static string Authorization(AuthView view, string nonce)
    {
        var body = new StringBuilder();
        Header(body, view.MerchantName);
        body.Append("<h1>Authorise a service provider</h1>\n<p class=\"detail\">")
            .Append(E(view.ProviderName)).Append(" asks to call the Binance Pay API for ")
            .Append(E(view.MerchantName)).Append(".</p>\n");
        body.Append("<dl><dt>Status</dt><dd id=\"status\" data-status=\"").Append(E(view.Status)).Append("\">")
            .Append(E(view.Status)).Append("</dd>\n<dt>Scopes</dt><dd id=\"scopes\">")
            .Append(E(string.Join(", ", view.Scopes))).Append("</dd></dl>\n");
        Message(body, "error", view.Error);
        Message(body, "notice", view.Notice);
        if (view.Status == "PENDING")
        {
            body.Append("<form method=\"post\" action=\"/tsp/review-authorization\">\n")
                .Append("<input type=\"hidden\" name=\"authId\" value=\"").Append(E(view.AuthId)).Append("\">\n")
                .Append("<label for=\"apiKey\">Your API key</label>")
                .Append("<input id=\"apiKey\" name=\"apiKey\" autocomplete=\"off\" required>\n")
                .Append("<label for=\"apiSecret\">Your API secret</label>")
                .Append("<input id=\"apiSecret\" name=\"apiSecret\" type=\"password\" autocomplete=\"off\" required>\n")
                .Append("<button id=\"approve\" name=\"decision\" value=\"approve\" type=\"submit\">Authorise</button>\n")
                .Append("<button id=\"reject\" class=\"secondary\" name=\"decision\" value=\"reject\" type=\"submit\">")
                .Append("Reject</button>\n</form>\n");
        }
        else
        {
            body.Append("<p class=\"state\">").Append(view.Status switch
            {
                "AUTHORIZED" => "The provider is authorised.",
                "REJECTED" => "The request was rejected.",
                _ => "This authorisation is disabled.",
            }).Append("</p>\n");
        }

        return Document("Authorise a service provider", body, nonce);
    }

    public static string NotFound(string nonce, string title) =>
        Document(title, new StringBuilder("<h1>Not found</h1><p class=\"detail\">This link names no request.</p>\n"),
            nonce);

    private static void Header(StringBuilder body, string merchantName) =>
        body.Append("<header><div class=\"brand\">Citrine Pay <span class=\"sandbox\">sandbox</span></div><div>")
            .Append(E(merchantName)).Append("</div></header>\n");

    private static string Document(string title, StringBuilder body, string nonce) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{E(title)}} · Citrine</title>
        <style nonce="{{E(nonce)}}">{{Style}}</style>
        </head>
        <body>
        <main>
        {{body}}</main>
        </body>
        </html>
        """;

    private static void Message(StringBuilder body, string kind, string? message)
    {
        if (!string.IsNullOrEmpty(message))
        {
            body.Append("<p class=\"").Append(kind).Append("\" id=\"").Append(kind).Append("\">").Append(E(message))
                .Append("</p>\n");
        }
    }

    private static string E(string value) => Html.Encode(value);
}
