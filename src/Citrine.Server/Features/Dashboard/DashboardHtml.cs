using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Citrine.Contracts;

namespace Citrine.Server.Features.Dashboard;

/// <summary>
/// The dashboard's page frame and small HTML helpers: plain server-side HTML, no external resources and no script, so
/// every page works without JavaScript; the one stylesheet runs by the CSP nonce (the checkout's way,
/// <see cref="Checkout.HtmlResults"/>). Every dynamic value goes through <see cref="E(string?)"/>.
/// </summary>
internal static class DashboardHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f5f5;margin:0;color:#1e2329;
          font-size:14px}
        header{display:flex;gap:18px;align-items:center;background:#1e2329;color:#eaecef;padding:10px 24px}
        header .brand{font-weight:700;color:#fcd535}header nav a{color:#eaecef;text-decoration:none;margin-right:14px}
        header nav a.active{color:#fcd535;font-weight:700}header .who{margin-left:auto;color:#b7bdc6}
        header form{margin:0}header button{background:#474d57;color:#eaecef;border:0;padding:6px 10px;border-radius:6px}
        main{max-width:1180px;margin:20px auto;background:#fff;border-radius:10px;padding:20px 24px;
          box-shadow:0 2px 12px rgba(0,0,0,.06)}
        h1{font-size:20px;margin:0 0 14px}h2{font-size:16px;margin:22px 0 8px}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaecef;
          vertical-align:top}th{color:#707a8a;font-weight:600}
        a{color:#c99400}.muted{color:#707a8a}.mono{font-family:ui-monospace,monospace;font-size:12px}
        form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin-bottom:14px}
        label{display:flex;flex-direction:column;font-size:12px;color:#707a8a;gap:3px}
        input,select,button{padding:6px 8px;font-size:14px;border-radius:6px;border:1px solid #d0d4da}
        button{background:#fcd535;border:0;font-weight:600;cursor:pointer}button.danger{background:#f6465d;color:#fff}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eaecef}
        .PAID,.DELIVERED,.FULL_REFUNDED,.REFUNDED{background:#e7f7ef;color:#0b8a4b}
        .INITIAL,.PENDING,.REFUNDING{background:#fef6d8;color:#a06e00}
        .CANCELED,.EXPIRED,.NO_DESTINATION{background:#eaecef;color:#474d57}.FAILED,.ERROR{background:#fdecee;color:#c0392b}
        .marks{display:flex;gap:3px;flex-wrap:wrap}.mark{display:inline-block;width:14px;height:14px;border-radius:3px}
        .mark.ok{background:#0ecb81}.mark.fail{background:#f6465d}.mark.pending{background:#b7bdc6}
        ol.attempts{margin:6px 0 0;padding-left:18px;color:#474d57;font-size:12px}
        ol.timeline{list-style:none;margin:0;padding:0 0 0 18px;border-left:3px solid #eaecef}
        ol.timeline li{position:relative;margin:0 0 14px;padding-left:10px}
        ol.timeline li::before{content:"";position:absolute;left:-27px;top:3px;width:13px;height:13px;border-radius:50%;
          background:#b7bdc6;border:2px solid #fff}
        ol.timeline li.status::before{background:#fcd535}ol.timeline li.ledger::before{background:#0ecb81}
        ol.timeline li.webhook::before{background:#1f5f99}ol.timeline li.future::before{background:#fff;
          border-color:#b7bdc6}
        ol.timeline time{display:block;color:#707a8a;font-size:12px}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}dt{color:#707a8a}dd{margin:0}
        .error{background:#fdecee;color:#c0392b;padding:10px;border-radius:8px;margin:10px 0}
        .notice{background:#eef6fd;color:#1f5f99;padding:10px;border-radius:8px;margin:10px 0}
        .pager{display:flex;gap:14px;margin-top:12px}.cards{display:grid;grid-template-columns:1fr 1fr;gap:20px}
        .login{max-width:420px}.login form{display:flex;flex-direction:column;gap:10px;margin-bottom:18px}
        """;

    /// <summary>The navigation entries: path and label.</summary>
    private static readonly (string Path, string Label)[] Nav =
    [
        ("/dashboard/orders", "Orders"), ("/dashboard/events", "Webhooks"), ("/dashboard/buyers", "Buyers"),
        ("/dashboard/wallets", "Wallets"), ("/dashboard/sandbox", "Sandbox"),
    ];

    /// <summary>A whole page: the header (navigation, who is signed in, Sign out) when <paramref name="session"/> is
    /// set, and <paramref name="body"/>.</summary>
    public static string Page(string title, string nonce, DashboardSession? session, string? active, string body)
    {
        var header = new StringBuilder("<header><span class=\"brand\">Citrine dashboard</span>");
        if (session is not null)
        {
            header.Append("<nav>");
            foreach (var (path, label) in Nav)
            {
                header.Append("<a href=\"").Append(path).Append('"').Append(path == active ? " class=\"active\"" : "")
                    .Append('>').Append(label).Append("</a>");
            }

            header.Append("</nav><span class=\"who\" id=\"who\">").Append(E(session.Name)).Append("</span>")
                .Append("<form method=\"post\" action=\"/dashboard/logout\">").Append(Csrf(session))
                .Append("<button id=\"logout\" type=\"submit\">Sign out</button></form>");
        }

        header.Append("</header>");
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{{E(title)}} · Citrine dashboard</title>
            <style nonce="{{E(nonce)}}">{{Style}}</style>
            </head>
            <body>
            {{header}}
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """;
    }

    /// <summary>The hidden anti-forgery field of a session's POST form.</summary>
    public static string Csrf(DashboardSession session) =>
        $"<input type=\"hidden\" name=\"{DashboardSessions.CsrfField}\" value=\"{E(session.CsrfToken)}\">";

    public static string E(string? value) => value is null ? "" : Html.Encode(value);

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Units(long units) => Amounts.FormatUnitsShort(units);

    /// <summary>Unix ms as UTC text; the sandbox clock can run far ahead, so out-of-range values print as numbers.</summary>
    public static string Time(long? ms) => ms switch
    {
        null => "",
        >= -62135596800000 and <= 253402300799999 => DateTimeOffset.FromUnixTimeMilliseconds(ms.Value)
            .ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        _ => ms.Value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Badge(string status) =>
        $"<span class=\"badge {E(status)}\" data-status=\"{E(status)}\">{E(status)}</span>";

    public static void Message(StringBuilder body, string kind, string? message)
    {
        if (!string.IsNullOrEmpty(message))
        {
            body.Append("<p class=\"").Append(kind).Append("\" id=\"").Append(kind).Append("\">").Append(E(message))
                .Append("</p>\n");
        }
    }
}
