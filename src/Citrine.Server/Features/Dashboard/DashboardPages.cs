using System.Globalization;
using System.Text;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Wallets;
using Citrine.Application.Webhooks;
using Citrine.Domain.Orders;
using static Citrine.Server.Features.Dashboard.DashboardHtml;

namespace Citrine.Server.Features.Dashboard;

/// <summary>
/// The bodies of the dashboard's pages. Element ids and <c>data-*</c> attributes (<c>orders</c>, <c>timeline</c>,
/// <c>events</c>, <c>clock-now</c>, …) are stable for the browser tests.
/// </summary>
internal static class DashboardPages
{
    /// <summary>Longest response excerpt shown per attempt.</summary>
    private const int ExcerptMax = 160;

    public static string Login(string nonce, string token, string? error, bool signedIn)
    {
        var body = new StringBuilder("<div class=\"login\"><h1>Sign in</h1>\n");
        Message(body, "error", error);
        if (signedIn)
        {
            Message(body, "notice", "You are already signed in; signing in again replaces that session.");
        }

        var csrf = $"<input type=\"hidden\" name=\"{DashboardSessions.CsrfField}\" value=\"{E(token)}\">";
        body.Append("<h2>Merchant</h2><form method=\"post\" action=\"/dashboard/login\" id=\"merchant-login\">")
            .Append(csrf).Append("<input type=\"hidden\" name=\"kind\" value=\"merchant\">")
            .Append("<label>API key<input id=\"apiKey\" name=\"apiKey\" autocomplete=\"username\" required></label>")
            .Append("<label>API secret<input id=\"apiSecret\" name=\"apiSecret\" type=\"password\" ")
            .Append("autocomplete=\"current-password\" required></label>")
            .Append("<button id=\"merchant-submit\" type=\"submit\">Sign in as merchant</button></form>\n");
        body.Append("<h2>Operator</h2><form method=\"post\" action=\"/dashboard/login\" id=\"admin-login\">")
            .Append(csrf).Append("<input type=\"hidden\" name=\"kind\" value=\"admin\">")
            .Append("<label>Admin token<input id=\"token\" name=\"token\" type=\"password\" required></label>")
            .Append("<button id=\"admin-submit\" type=\"submit\">Sign in as operator</button></form></div>\n");
        return Page("Sign in", nonce, null, null, body.ToString());
    }

    public static string Error(string nonce, DashboardSession? session, string title, string message)
    {
        var body = new StringBuilder("<h1>").Append(E(title)).Append("</h1>");
        Message(body, "error", message);
        body.Append("<p><a href=\"/dashboard/orders\">Back to the orders</a></p>");
        return Page(title, nonce, session, null, body.ToString());
    }

    public static string MerchantPicker(string title, string path, IReadOnlyList<Merchant> merchants)
    {
        var body = new StringBuilder("<h1>").Append(E(title)).Append("</h1><p class=\"muted\">Choose a merchant.</p>")
            .Append("<table id=\"merchants\"><tr><th>Merchant</th><th>Name</th><th>Status</th></tr>\n");
        foreach (var m in merchants)
        {
            body.Append("<tr><td><a href=\"").Append(path).Append("?merchant=").Append(Id(m.MerchantId)).Append("\">")
                .Append(Id(m.MerchantId)).Append("</a></td><td>").Append(E(m.Name)).Append("</td><td>")
                .Append(Badge(m.Status)).Append("</td></tr>\n");
        }

        return body.Append("</table>").ToString();
    }

    public static string Orders(DashboardSession session, OrderFilter filter, IReadOnlyList<Order> orders)
    {
        var body = new StringBuilder("<h1>Orders</h1>\n<form class=\"filters\" method=\"get\" action=\"/dashboard/orders\">");
        body.Append("<label>Status<select id=\"status\" name=\"status\"><option value=\"\">any</option>");
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            var wire = status.WireName();
            body.Append("<option value=\"").Append(wire).Append('"').Append(filter.Status == status ? " selected" : "")
                .Append('>').Append(wire).Append("</option>");
        }

        body.Append("</select></label>")
            .Append("<label>merchantTradeNo contains<input id=\"tradeNo\" name=\"tradeNo\" maxlength=\"")
            .Append(DashboardQuery.TextMax).Append("\" value=\"").Append(E(filter.TradeNo)).Append("\"></label>")
            .Append("<label>Created from<input id=\"from\" name=\"from\" type=\"date\" value=\"").Append(Day(filter.FromMs))
            .Append("\"></label><label>to<input id=\"to\" name=\"to\" type=\"date\" value=\"").Append(Day(filter.ToMs))
            .Append("\"></label>");
        if (session.IsOperator)
        {
            body.Append("<label>Merchant<input id=\"merchant\" name=\"merchant\" inputmode=\"numeric\" value=\"")
                .Append(filter.MerchantId is { } m ? Id(m) : "").Append("\"></label>");
        }

        body.Append("<button id=\"filter\" type=\"submit\">Filter</button></form>\n");
        body.Append("<table id=\"orders\"><tr><th>prepayId</th><th>merchantTradeNo</th>")
            .Append(session.IsOperator ? "<th>Merchant</th>" : "")
            .Append("<th>Status</th><th>Amount</th><th>Created</th></tr>\n");
        foreach (var o in orders.Take(DashboardEndpoints.OrdersPerPage))
        {
            body.Append("<tr data-prepay-id=\"").Append(Id(o.PrepayId)).Append("\"><td><a href=\"/dashboard/orders/")
                .Append(Id(o.PrepayId)).Append("\">").Append(Id(o.PrepayId)).Append("</a></td><td class=\"trade-no\">")
                .Append(E(o.MerchantTradeNo)).Append("</td>")
                .Append(session.IsOperator ? "<td>" + Id(o.MerchantId) + "</td>" : "")
                .Append("<td>").Append(Badge(o.Status.WireName())).Append("</td><td>").Append(Units(o.AmountUnits))
                .Append(' ').Append(E(o.Currency)).Append("</td><td>").Append(Time(o.CreateTimeMs)).Append("</td></tr>\n");
        }

        body.Append("</table>\n");
        if (orders.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-orders\">No orders match.</p>");
        }

        body.Append("<div class=\"pager\">");
        if (filter.Page > 1)
        {
            body.Append("<a id=\"previous\" href=\"").Append(E(OrdersLink(filter, filter.Page - 1))).Append("\">← Newer</a>");
        }

        if (orders.Count > DashboardEndpoints.OrdersPerPage)
        {
            body.Append("<a id=\"next\" href=\"").Append(E(OrdersLink(filter, filter.Page + 1))).Append("\">Older →</a>");
        }

        return body.Append("<span class=\"muted\">page ").Append(filter.Page).Append("</span></div>").ToString();
    }

    public static string Order(DashboardSession session, Order o, IReadOnlyList<PostedJournal> journals,
        IReadOnlyList<(WebhookEventRecord Event, IReadOnlyList<DeliveryAttempt> Attempts)> events, string? notice)
    {
        var status = o.Status.WireName();
        var body = new StringBuilder("<h1>Order ").Append(Id(o.PrepayId)).Append(' ').Append(Badge(status))
            .Append("</h1>\n");
        Message(body, "notice", notice);
        body.Append("<div class=\"cards\"><div><dl id=\"order\">")
            .Append("<dt>merchantTradeNo</dt><dd id=\"trade-no\">").Append(E(o.MerchantTradeNo)).Append("</dd>")
            .Append("<dt>Merchant</dt><dd>").Append(Id(o.MerchantId)).Append("</dd>")
            .Append("<dt>Product</dt><dd>").Append(E(o.ProductName)).Append("</dd>")
            .Append("<dt>Amount</dt><dd>").Append(Units(o.AmountUnits)).Append(' ').Append(E(o.Currency)).Append("</dd>")
            .Append("<dt>Status</dt><dd id=\"order-status\">").Append(E(status)).Append("</dd>")
            .Append("<dt>Created</dt><dd>").Append(Time(o.CreateTimeMs)).Append("</dd>")
            .Append("<dt>Expires</dt><dd>").Append(Time(o.ExpireTimeMs)).Append("</dd>");
        if (o.RefundedUnits > 0)
        {
            body.Append("<dt>Refunded</dt><dd>").Append(Units(o.RefundedUnits)).Append("</dd>");
        }

        body.Append("</dl></div><div><h2>Lifecycle</h2>").Append(Timeline(o, journals, events)).Append("</div></div>\n");
        body.Append("<h2>Ledger journals</h2>");
        if (journals.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-journals\">No journals: nothing was paid or refunded.</p>");
        }
        else
        {
            body.Append("<table id=\"journals\"><tr><th>Journal</th><th>Kind</th><th>Reference</th><th>Time</th>")
                .Append("<th>Postings</th></tr>\n");
            foreach (var j in journals)
            {
                body.Append("<tr><td>").Append(Id(j.JournalId)).Append("</td><td>").Append(E(j.Kind)).Append("</td><td class=\"mono\">")
                    .Append(E(j.Reference)).Append("</td><td>").Append(Time(j.CreatedAtMs)).Append("</td><td class=\"mono\">");
                foreach (var p in j.Postings)
                {
                    body.Append(E(p.Account)).Append(' ').Append(p.Units > 0 ? "+" : "").Append(Units(p.Units)).Append(' ')
                        .Append(E(p.Asset)).Append("<br>");
                }

                body.Append("</td></tr>\n");
            }

            body.Append("</table>\n");
        }

        body.Append("<h2>Webhook events</h2>");
        AppendEvents(body, session, events, "order");
        return body.ToString();
    }

    public static string Events(DashboardSession session, long merchantId,
        IReadOnlyList<(WebhookEventRecord Event, IReadOnlyList<DeliveryAttempt> Attempts)> events, bool more,
        string? notice)
    {
        var body = new StringBuilder("<h1>Webhook events <span class=\"muted\">merchant ").Append(Id(merchantId))
            .Append("</span></h1>\n");
        Message(body, "notice", notice);
        AppendEvents(body, session, events, "events");
        if (more)
        {
            body.Append("<div class=\"pager\"><a id=\"next\" href=\"/dashboard/events?merchant=").Append(Id(merchantId))
                .Append("&amp;before=").Append(Id(events[^1].Event.EventId)).Append("\">Older →</a></div>");
        }

        return body.ToString();
    }

    public static string Buyers(DashboardSession session, IReadOnlyList<BuyerWallet> buyers)
    {
        var body = new StringBuilder("<h1>Buyers</h1><p class=\"muted\">")
            .Append(session.IsOperator ? "Every sandbox buyer." : "The buyers this merchant may pay as: its own and the shared ones.")
            .Append("</p><table id=\"buyers\"><tr><th>Buyer</th><th>Name</th><th>Owner</th><th>Binance ID</th>")
            .Append("<th>Balances</th></tr>\n");
        foreach (var wallet in buyers)
        {
            var b = wallet.Buyer;
            body.Append("<tr data-buyer-id=\"").Append(Id(b.BuyerId)).Append("\"><td>").Append(Id(b.BuyerId))
                .Append("</td><td>").Append(E(b.Name)).Append("</td><td>")
                .Append(b.OwnerMerchantId is { } owner ? "merchant " + Id(owner) : "shared").Append("</td><td>")
                .Append(Id(b.Identity.BinanceId)).Append("</td><td>")
                .Append(string.Join(", ", wallet.BalanceUnits.OrderBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => Units(x.Value) + " " + E(x.Key))))
                .Append("</td></tr>\n");
        }

        return body.Append("</table>").ToString();
    }

    public static string Wallets(long merchantId, IReadOnlyList<WalletAsset> funding, IReadOnlyList<WalletAsset> spot)
    {
        var body = new StringBuilder("<h1>Wallets <span class=\"muted\">merchant ").Append(Id(merchantId))
            .Append("</span></h1><div class=\"cards\">");
        foreach (var (name, assets) in new[] { ("FUNDING_WALLET", funding), ("SPOT_WALLET", spot) })
        {
            body.Append("<div><h2>").Append(name).Append("</h2><table id=\"").Append(name)
                .Append("\"><tr><th>Asset</th><th>Available</th><th>Frozen</th></tr>");
            foreach (var a in assets)
            {
                body.Append("<tr><td>").Append(E(a.Asset)).Append("</td><td>").Append(Units(a.AvailableUnits))
                    .Append("</td><td>").Append(Units(a.FreezeUnits)).Append("</td></tr>");
            }

            body.Append("</table>").Append(assets.Count == 0 ? "<p class=\"muted\">Empty.</p>" : "").Append("</div>");
        }

        return body.Append("</div>").ToString();
    }

    public static string Sandbox(DashboardSession session, SandboxView view)
    {
        var clock = view.Clock;
        var merchant = clock.MerchantId is { } id ? Id(id) : "";
        var body = new StringBuilder("<h1>Sandbox ").Append(clock.MerchantId is null
            ? "<span class=\"muted\">server-wide clock</span>"
            : "<span class=\"muted\">merchant " + merchant + "</span>").Append("</h1>\n");
        Message(body, "error", view.Error);
        Message(body, "notice", view.Notice);
        body.Append("<h2>Clock</h2><dl><dt>Now</dt><dd id=\"clock-now\" data-now-ms=\"")
            .Append(clock.NowMs.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(Time(clock.NowMs))
            .Append("</dd><dt>Ahead of the wall clock</dt><dd id=\"clock-offset\" data-offset-ms=\"")
            .Append(clock.OffsetMs.ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append(E(Duration(clock.OffsetMs))).Append("</dd></dl>\n");
        if (view.Sandbox)
        {
            body.Append("<form class=\"filters\" method=\"post\" action=\"/dashboard/sandbox/advance\">")
                .Append(Csrf(session)).Append("<input type=\"hidden\" name=\"merchant\" value=\"").Append(merchant)
                .Append("\"><label>Advance by<input id=\"advance-amount\" name=\"amount\" inputmode=\"numeric\" value=\"1\" ")
                .Append("required></label><label>Unit<select id=\"advance-unit\" name=\"unit\"><option value=\"s\">seconds")
                .Append("</option><option value=\"m\">minutes</option><option value=\"h\" selected>hours</option>")
                .Append("<option value=\"d\">days</option></select></label>")
                .Append("<button id=\"advance\" type=\"submit\">Advance</button></form>\n");
        }

        if (clock.MerchantId is null)
        {
            body.Append("<p class=\"muted\">Advancing here moves every merchant's clock. Choose a merchant for its own ")
                .Append("clock, reset, faults and request journal:</p><ul id=\"merchants\">");
            foreach (var m in view.Merchants)
            {
                body.Append("<li><a href=\"/dashboard/sandbox?merchant=").Append(Id(m.MerchantId)).Append("\">")
                    .Append(Id(m.MerchantId)).Append("</a> ").Append(E(m.Name)).Append("</li>");
            }

            return body.Append("</ul>").ToString();
        }

        if (view.Sandbox)
        {
            body.Append("<h2>Reset</h2><form class=\"filters\" method=\"post\" action=\"/dashboard/sandbox/reset\">")
                .Append(Csrf(session)).Append("<input type=\"hidden\" name=\"merchant\" value=\"").Append(merchant)
                .Append("\"><label>Deletes this merchant's orders, refunds, contracts and webhook events. Type RESET")
                .Append("<input id=\"reset-confirm\" name=\"confirm\" autocomplete=\"off\"></label>")
                .Append("<button id=\"reset\" class=\"danger\" type=\"submit\">Reset sandbox</button></form>\n");
        }

        body.Append("<h2>Armed faults</h2>");
        if (view.Faults.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-faults\">None armed.</p>");
        }
        else
        {
            body.Append("<table id=\"faults\"><tr><th>Fault</th><th>Kind</th><th>Path</th><th>HTTP</th><th>Duration</th>")
                .Append("<th>Left</th></tr>");
            foreach (var f in view.Faults)
            {
                body.Append("<tr><td>").Append(Id(f.FaultId)).Append("</td><td>").Append(E(f.Kind)).Append("</td><td>")
                    .Append(E(f.PathMatch)).Append(' ').Append(E(f.Path)).Append("</td><td>")
                    .Append(f.HttpStatus?.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                    .Append(f.DurationMs is { } d ? E(Duration(d)) : "").Append("</td><td>")
                    .Append(f.Remaining.ToString(CultureInfo.InvariantCulture)).Append(" of ")
                    .Append(f.Count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
            }

            body.Append("</table>");
        }

        body.Append("<h2>Recent requests</h2>");
        if (view.Journal.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-requests\">No requests recorded (the request journal may be off).</p>");
            return body.ToString();
        }

        body.Append("<table id=\"requests\"><tr><th>Time</th><th>Request</th><th>HTTP</th><th>Code</th><th>Latency</th>")
            .Append("<th>Rule broken</th></tr>");
        foreach (var r in view.Journal)
        {
            body.Append("<tr><td>").Append(Time(r.AtMs)).Append("</td><td class=\"mono\">").Append(E(r.Method)).Append(' ')
                .Append(E(r.Path)).Append("</td><td>").Append(r.HttpStatus.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(r.Code)).Append("</td><td>")
                .Append(r.LatencyMs.ToString(CultureInfo.InvariantCulture)).Append(" ms</td><td>").Append(E(r.Rule))
                .Append("</td></tr>");
        }

        return body.Append("</table>").ToString();
    }

    /// <summary>
    /// The order's lifecycle, built from what is stored (Citrine keeps no separate status history): creation, each
    /// ledger journal and webhook event of the order at its time, the settled status at <c>transactTime</c>, and the
    /// expiry still ahead of an open order.
    /// </summary>
    private static string Timeline(Order o, IReadOnlyList<PostedJournal> journals,
        IReadOnlyList<(WebhookEventRecord Event, IReadOnlyList<DeliveryAttempt> Attempts)> events)
    {
        var entries = new List<(long At, int Order, string Kind, string Label)>
        {
            (o.CreateTimeMs, 0, "status", "Created · INITIAL"),
        };
        if (o.TransactTimeMs is { } settled && o.Status != OrderStatus.Initial)
        {
            var paid = o.Status is OrderStatus.Paid or OrderStatus.Refunding or OrderStatus.Refunded
                or OrderStatus.FullRefunded;
            entries.Add((settled, 1, "status", paid ? "Paid · PAID" : o.Status.WireName()));
        }

        entries.AddRange(journals.Select(j => (j.CreatedAtMs, 2, "ledger", $"Ledger journal {j.Kind}")));
        entries.AddRange(events.Select(e => (e.Event.CreatedAtMs, 3, "webhook",
            $"Webhook {e.Event.BizType} {e.Event.BizStatus} · {e.Event.State}")));
        var body = new StringBuilder("<ol class=\"timeline\" id=\"timeline\">");
        foreach (var (at, _, kind, label) in entries.OrderBy(e => e.At).ThenBy(e => e.Order))
        {
            body.Append("<li class=\"").Append(kind).Append("\"><time>").Append(Time(at)).Append("</time>")
                .Append(E(label)).Append("</li>");
        }

        if (o.Status == OrderStatus.Initial)
        {
            body.Append("<li class=\"future\"><time>").Append(Time(o.ExpireTimeMs)).Append("</time>Expires unless paid</li>");
        }
        else if (o.Status is OrderStatus.Refunding or OrderStatus.Refunded or OrderStatus.FullRefunded)
        {
            body.Append("<li class=\"status\"><time>now</time>").Append(E(o.Status.WireName())).Append("</li>");
        }

        return body.Append("</ol>").ToString();
    }

    private static void AppendEvents(StringBuilder body, DashboardSession session,
        IReadOnlyList<(WebhookEventRecord Event, IReadOnlyList<DeliveryAttempt> Attempts)> events, string from)
    {
        if (events.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-events\">No webhook events.</p>");
            return;
        }

        body.Append("<table id=\"events\"><tr><th>Event</th><th>What</th><th>State</th><th>Attempts</th><th></th></tr>\n");
        foreach (var (e, attempts) in events)
        {
            body.Append("<tr data-event-id=\"").Append(Id(e.EventId)).Append("\"><td>").Append(Id(e.EventId))
                .Append("</td><td>").Append(E(e.BizType)).Append(' ').Append(E(e.BizStatus))
                .Append("<br><span class=\"muted\">").Append(Time(e.CreatedAtMs)).Append("</span></td><td>")
                .Append(Badge(e.State)).Append("</td><td><div class=\"marks\">");
            foreach (var a in attempts)
            {
                body.Append("<span class=\"mark ").Append(a.Delivered ? "ok" : "fail").Append("\" title=\"")
                    .Append(E(AttemptLine(a))).Append("\"></span>");
            }

            if (e.State == WebhookStates.Pending)
            {
                body.Append("<span class=\"mark pending\" title=\"next attempt ").Append(Time(e.NextAttemptAtMs))
                    .Append("\"></span>");
            }

            body.Append("</div><ol class=\"attempts\">");
            foreach (var a in attempts)
            {
                body.Append("<li>").Append(E(AttemptLine(a))).Append("</li>");
            }

            body.Append("</ol></td><td><form method=\"post\" action=\"/dashboard/events/").Append(Id(e.EventId))
                .Append("/redeliver\">").Append(Csrf(session)).Append("<input type=\"hidden\" name=\"from\" value=\"")
                .Append(from).Append("\"><button class=\"redeliver\" type=\"submit\">Redeliver</button></form></td></tr>\n");
        }

        body.Append("</table>\n");
    }

    private static string AttemptLine(DeliveryAttempt a)
    {
        var excerpt = a.ResponseExcerpt ?? a.Error ?? "";
        if (excerpt.Length > ExcerptMax)
        {
            excerpt = excerpt[..ExcerptMax] + "…";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"#{a.Round}.{a.Attempt} {Time(a.AttemptedAtMs)} · {(a.HttpStatus is { } s ? "HTTP " + s : "no answer")} · {a.LatencyMs} ms · {excerpt}");
    }

    private static string OrdersLink(OrderFilter f, int page)
    {
        var query = new List<string>();
        if (f.Status is { } status)
        {
            query.Add("status=" + status.WireName());
        }

        if (!string.IsNullOrEmpty(f.TradeNo))
        {
            query.Add("tradeNo=" + Uri.EscapeDataString(f.TradeNo));
        }

        if (f.FromMs is { } fromMs)
        {
            query.Add("from=" + Day(fromMs));
        }

        if (f.ToMs is { } toMs)
        {
            query.Add("to=" + Day(toMs));
        }

        if (f.MerchantId is { } merchantId)
        {
            query.Add("merchant=" + Id(merchantId));
        }

        query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/dashboard/orders?" + string.Join("&", query);
    }

    private static string Day(long? ms) => ms is { } value
        ? DateTimeOffset.FromUnixTimeMilliseconds(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "";

    private static string Duration(long ms) => TimeSpan.FromMilliseconds(ms) switch
    {
        var t when t.TotalDays >= 1 => string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalDays} d {t.Hours} h {t.Minutes} min"),
        var t when t.TotalHours >= 1 => string.Create(CultureInfo.InvariantCulture, $"{t.Hours} h {t.Minutes} min"),
        var t => string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalSeconds} s"),
    };
}
