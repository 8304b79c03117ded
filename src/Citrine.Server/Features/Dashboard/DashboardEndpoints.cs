using System.Globalization;
using Citrine.Application;
using Citrine.Application.Buyers;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Requests;
using Citrine.Application.Sandbox;
using Citrine.Application.Sandbox.Faults;
using Citrine.Application.Security;
using Citrine.Application.Wallets;
using Citrine.Application.Webhooks;
using Citrine.Domain.Ledger;
using Citrine.Server.Features.Admin;
using Citrine.Server.Features.Checkout;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Features.Dashboard;

/// <summary>
/// The sandbox dashboard under <c>/dashboard</c> (issue 15, docs/sandbox.md#dashboard): server-rendered pages over the
/// same stores and services the sandbox and admin endpoints use. The operator signs in with the admin token and sees
/// every merchant; a merchant signs in with an API key and its secret and sees only its own rows: every read is scoped
/// by its merchant id, and another merchant's id in a URL answers the not-found page. Every POST form carries the
/// session's anti-forgery token.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Orders per page.</summary>
    public const int OrdersPerPage = 25;

    /// <summary>Webhook events per page.</summary>
    public const int EventsPerPage = 25;

    /// <summary>Most webhook events and journal entries shown on one order or the sandbox page.</summary>
    public const int RecentMax = 50;

    private static readonly FormOptions FormLimits = new()
    {
        BufferBodyLengthLimit = 8192,
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        ValueLengthLimit = 1024,
        MultipartBodyLengthLimit = 8192,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", () => Results.Redirect("/dashboard/orders"));
        app.MapGet("/dashboard/login", (HttpContext c, DashboardDependencies d) => LoginPage(c, d, null, 200));
        app.MapPost("/dashboard/login", LoginAsync);
        app.MapPost("/dashboard/logout", (HttpContext c, DashboardDependencies d) => PostAsync(c, d, (s, _) =>
        {
            d.Sessions.Close(s);
            DashboardSessions.DeleteCookie(c, DashboardSessions.CookieName);
            return Task.FromResult(HtmlResults.SeeOther("/dashboard/login"));
        }));
        app.MapGet("/dashboard/orders", (HttpContext c, DashboardDependencies d) => GetAsync(c, d, OrdersAsync));
        app.MapGet("/dashboard/orders/{prepayId}", (string prepayId, HttpContext c, DashboardDependencies d) =>
            GetAsync(c, d, (_, _, s) => OrderAsync(c, d, s, prepayId)));
        app.MapGet("/dashboard/events", (HttpContext c, DashboardDependencies d) => GetAsync(c, d, EventsAsync));
        app.MapPost("/dashboard/events/{eventId}/redeliver", (string eventId, HttpContext c, DashboardDependencies d) =>
            PostAsync(c, d, (s, form) => RedeliverAsync(c, d, s, eventId, form)));
        app.MapGet("/dashboard/buyers", (HttpContext c, DashboardDependencies d) => GetAsync(c, d, BuyersAsync));
        app.MapGet("/dashboard/wallets", (HttpContext c, DashboardDependencies d) => GetAsync(c, d, WalletsAsync));
        app.MapGet("/dashboard/sandbox", (HttpContext c, DashboardDependencies d) => GetAsync(c, d, SandboxAsync));
        app.MapPost("/dashboard/sandbox/advance", (HttpContext c, DashboardDependencies d) =>
            PostAsync(c, d, (s, form) => AdvanceAsync(c, d, s, form)));
        app.MapPost("/dashboard/sandbox/reset", (HttpContext c, DashboardDependencies d) =>
            PostAsync(c, d, (s, form) => ResetAsync(c, d, s, form)));
    }

    // ---- sign-in, sessions and forms ----

    private static IResult LoginPage(HttpContext context, DashboardDependencies deps, string? error, int status)
    {
        // A fresh sign-in token per rendering; the form carries it and the cookie must match (double submit).
        var token = DashboardSessions.NewToken();
        DashboardSessions.SetCookie(context, DashboardSessions.LoginCookieName, token, TimeSpan.FromHours(1));
        var nonce = HtmlResults.NewNonce();
        return HtmlResults.Page(DashboardPages.Login(nonce, token, error, deps.Sessions.Find(context) is not null),
            nonce, status);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, DashboardDependencies deps)
    {
        var form = await PageForms.ReadAsync(context, FormLimits).ConfigureAwait(false);
        if (form is null || !DashboardSessions.TokensMatch(form[DashboardSessions.CsrfField],
                context.Request.Cookies[DashboardSessions.LoginCookieName]))
        {
            return LoginPage(context, deps, "The sign-in form expired or was not sent from this site; try again.",
                StatusCodes.Status400BadRequest);
        }

        DashboardSession? session = null;
        if (form["kind"] == "admin")
        {
            var token = form["token"].ToString();
            if (token.Length > 0 && deps.AdminToken.Matches("Bearer " + token))
            {
                session = deps.Sessions.Open(null, null, "Operator (all merchants)");
            }
        }
        else if (form["kind"] == "merchant")
        {
            session = await MerchantSessionAsync(deps, form["apiKey"].ToString(), form["apiSecret"].ToString(),
                context.RequestAborted).ConfigureAwait(false);
        }

        if (session is null)
        {
            return LoginPage(context, deps, "Wrong admin token, or wrong API key or secret.",
                StatusCodes.Status401Unauthorized);
        }

        DashboardSessions.DeleteCookie(context, DashboardSessions.LoginCookieName);
        DashboardSessions.SetCookie(context, DashboardSessions.CookieName, session.Id, null);
        return HtmlResults.SeeOther("/dashboard/orders");
    }

    private static async Task<DashboardSession?> MerchantSessionAsync(DashboardDependencies deps, string apiKey,
        string apiSecret, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.IsValid(apiKey) || apiSecret.Length == 0
            || await LiveKeyAsync(deps, apiKey, cancellationToken).ConfigureAwait(false) is not { } key
            || !DashboardSessions.TokensMatch(apiSecret, deps.Protector.Unprotect(key.SecretCipher)))
        {
            return null;
        }

        var merchant = await deps.Merchants.GetMerchantAsync(key.MerchantId, cancellationToken).ConfigureAwait(false);
        return deps.Sessions.Open(key.MerchantId, apiKey, string.Create(CultureInfo.InvariantCulture,
            $"{merchant?.Name} (merchant {key.MerchantId})"));
    }

    /// <summary>The key when it is known, not revoked and its merchant active.</summary>
    private static async Task<ApiKeyRecord?> LiveKeyAsync(DashboardDependencies deps, string apiKey,
        CancellationToken cancellationToken) =>
        await deps.Merchants.GetApiKeyAsync(apiKey, cancellationToken).ConfigureAwait(false) is
        { Revoked: false, MerchantStatus: Merchant.Active } key
            ? key
            : null;

    /// <summary>The request's session; a merchant's ends as soon as its key is revoked or the merchant disabled.</summary>
    private static async Task<DashboardSession?> SessionAsync(HttpContext context, DashboardDependencies deps)
    {
        var session = deps.Sessions.Find(context);
        if (session?.ApiKey is { } apiKey
            && await LiveKeyAsync(deps, apiKey, context.RequestAborted).ConfigureAwait(false) is null)
        {
            deps.Sessions.Close(session);
            return null;
        }

        return session;
    }

    private static async Task<IResult> GetAsync(HttpContext context, DashboardDependencies deps,
        Func<HttpContext, DashboardDependencies, DashboardSession, Task<IResult>> page)
    {
        var session = await SessionAsync(context, deps).ConfigureAwait(false);
        return session is null
            ? Results.Redirect("/dashboard/login")
            : await page(context, deps, session).ConfigureAwait(false);
    }

    /// <summary>A POST form of a signed-in session: refused with 400 unless it carries the session's token.</summary>
    private static async Task<IResult> PostAsync(HttpContext context, DashboardDependencies deps,
        Func<DashboardSession, IFormCollection, Task<IResult>> action)
    {
        var session = await SessionAsync(context, deps).ConfigureAwait(false);
        if (session is null)
        {
            return HtmlResults.SeeOther("/dashboard/login");
        }

        var form = await PageForms.ReadAsync(context, FormLimits).ConfigureAwait(false);
        if (form is null || !DashboardSessions.TokensMatch(form[DashboardSessions.CsrfField], session.CsrfToken))
        {
            return ErrorPage(session, StatusCodes.Status400BadRequest, "Form refused",
                "The form is missing this session's anti-forgery token; reload the page and try again.");
        }

        return await action(session, form).ConfigureAwait(false);
    }

    /// <summary>
    /// The merchant a page shows: a merchant session's own (another id answers 404); for the operator the one named
    /// (404 when it does not exist) or null for none.
    /// </summary>
    private static async Task<(long? MerchantId, IResult? Refusal)> ScopeAsync(DashboardSession session,
        DashboardDependencies deps, long? requested, CancellationToken cancellationToken)
    {
        if (session.MerchantId is { } own)
        {
            return requested is null || requested == own ? (own, null) : (null, NotFound(session));
        }

        if (requested is { } named
            && await deps.Merchants.GetMerchantAsync(named, cancellationToken).ConfigureAwait(false) is null)
        {
            return (null, NotFound(session));
        }

        return (requested, null);
    }

    private static IResult NotFound(DashboardSession session) => ErrorPage(session, StatusCodes.Status404NotFound,
        "Not found", "Nothing here: no such record, or not one this sign-in may see.");

    private static IResult BadRequest(DashboardSession session, string message) =>
        ErrorPage(session, StatusCodes.Status400BadRequest, "Bad request", message);

    private static IResult ErrorPage(DashboardSession? session, int status, string title, string message)
    {
        var nonce = HtmlResults.NewNonce();
        return HtmlResults.Page(DashboardPages.Error(nonce, session, title, message), nonce, status);
    }

    private static IResult Render(DashboardSession session, string title, string active, string body)
    {
        var nonce = HtmlResults.NewNonce();
        return HtmlResults.Page(DashboardHtml.Page(title, nonce, session, active, body), nonce);
    }

    // ---- pages ----

    private static async Task<IResult> OrdersAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session)
    {
        var q = new DashboardQuery(context.Request.Query);
        var filter = new OrderFilter(q.Status("status"), q.Text("tradeNo"), q.Day("from"), q.Day("to"),
            q.Id("merchant"), q.Page("page"));
        if (q.Error is { } error)
        {
            return BadRequest(session, error);
        }

        var (merchantId, refusal) = await ScopeAsync(session, deps, filter.MerchantId, context.RequestAborted)
            .ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        // One more row than shown tells whether there is a next page.
        var orders = await deps.Orders.ListAsync(new OrderListQuery(merchantId, filter.Status, filter.TradeNo,
            filter.FromMs, filter.ToMs + 86_400_000, (filter.Page - 1) * OrdersPerPage, OrdersPerPage + 1),
            context.RequestAborted).ConfigureAwait(false);
        return Render(session, "Orders", "/dashboard/orders", DashboardPages.Orders(session, filter, orders));
    }

    private static async Task<IResult> OrderAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session, string prepayIdText)
    {
        if (DashboardQuery.ParseId(prepayIdText) is not { } prepayId)
        {
            return NotFound(session);
        }

        var ct = context.RequestAborted;
        var order = session.MerchantId is { } own
            ? await deps.Orders.FindAsync(own, prepayId, null, ct).ConfigureAwait(false)
            : await deps.Orders.GetAsync(prepayId, ct).ConfigureAwait(false);
        if (order is null)
        {
            return NotFound(session);
        }

        var journals = await deps.Orders.ListJournalsAsync(order.MerchantId, order.PrepayId, ct).ConfigureAwait(false);
        var events = await EventsWithAttemptsAsync(deps,
            await deps.Webhooks.ListOfBizAsync(order.MerchantId, order.PrepayId, RecentMax, ct).ConfigureAwait(false),
            ct).ConfigureAwait(false);
        var notice = context.Request.Query["redelivered"].Count > 0 ? "Redelivery queued: a new attempt follows." : null;
        return Render(session, "Order " + DashboardHtml.Id(order.PrepayId), "/dashboard/orders",
            DashboardPages.Order(session, order, journals, events, notice));
    }

    private static async Task<IResult> EventsAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session)
    {
        var q = new DashboardQuery(context.Request.Query);
        var requested = q.Id("merchant");
        var before = q.Id("before");
        if (q.Error is { } error)
        {
            return BadRequest(session, error);
        }

        var (merchantId, refusal) = await ScopeAsync(session, deps, requested, context.RequestAborted)
            .ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (merchantId is not { } id)
        {
            return Render(session, "Webhooks", "/dashboard/events", DashboardPages.MerchantPicker("Webhook events",
                "/dashboard/events", await deps.Merchants.ListMerchantsAsync(context.RequestAborted)
                    .ConfigureAwait(false)));
        }

        var records = await deps.Webhooks.ListNewestAsync(id, before ?? long.MaxValue, EventsPerPage,
            context.RequestAborted).ConfigureAwait(false);
        var events = await EventsWithAttemptsAsync(deps, records, context.RequestAborted).ConfigureAwait(false);
        var notice = context.Request.Query["redelivered"].Count > 0 ? "Redelivery queued: a new attempt follows." : null;
        return Render(session, "Webhooks", "/dashboard/events",
            DashboardPages.Events(session, id, events, records.Count == EventsPerPage, notice));
    }

    private static async Task<IReadOnlyList<(WebhookEventRecord Event, IReadOnlyList<DeliveryAttempt> Attempts)>>
        EventsWithAttemptsAsync(DashboardDependencies deps, IReadOnlyList<WebhookEventRecord> records,
            CancellationToken cancellationToken)
    {
        var events = new List<(WebhookEventRecord, IReadOnlyList<DeliveryAttempt>)>(records.Count);
        foreach (var record in records)
        {
            events.Add((record, await deps.Webhooks.ListAttemptsAsync(record.EventId, cancellationToken)
                .ConfigureAwait(false)));
        }

        return events;
    }

    private static async Task<IResult> RedeliverAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session, string eventIdText, IFormCollection form)
    {
        var found = DashboardQuery.ParseId(eventIdText) is { } eventId
            ? await deps.Webhooks.GetAsync(eventId, context.RequestAborted).ConfigureAwait(false)
            : null;
        // An event's merchant never changes, so checking ownership before the update is not a race (as in
        // Webhooks/SandboxWebhookEndpoints.cs).
        if (found is null || (session.MerchantId is { } own && found.MerchantId != own))
        {
            return NotFound(session);
        }

        await deps.Webhooks.RedeliverAsync(found.EventId, deps.Time.MerchantNowMs(found.MerchantId),
            context.RequestAborted).ConfigureAwait(false);
        // Back to the page the button was on; only these two, so the form cannot redirect anywhere else.
        return HtmlResults.SeeOther(form["from"] == "order"
            ? $"/dashboard/orders/{DashboardHtml.Id(found.BizId)}?redelivered=1"
            : $"/dashboard/events?merchant={DashboardHtml.Id(found.MerchantId)}&redelivered=1");
    }

    private static async Task<IResult> BuyersAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session)
    {
        var buyers = await deps.Buyers.ListAsync(session.MerchantId, context.RequestAborted).ConfigureAwait(false);
        return Render(session, "Buyers", "/dashboard/buyers", DashboardPages.Buyers(session, buyers));
    }

    private static async Task<IResult> WalletsAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session)
    {
        var q = new DashboardQuery(context.Request.Query);
        var requested = q.Id("merchant");
        if (q.Error is { } error)
        {
            return BadRequest(session, error);
        }

        var (merchantId, refusal) = await ScopeAsync(session, deps, requested, context.RequestAborted)
            .ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (merchantId is not { } id)
        {
            return Render(session, "Wallets", "/dashboard/wallets", DashboardPages.MerchantPicker("Merchant wallets",
                "/dashboard/wallets", await deps.Merchants.ListMerchantsAsync(context.RequestAborted)
                    .ConfigureAwait(false)));
        }

        var funding = await deps.Wallets.BalancesAsync(id, MerchantWalletKind.Funding, null, context.RequestAborted)
            .ConfigureAwait(false);
        var spot = await deps.Wallets.BalancesAsync(id, MerchantWalletKind.Spot, null, context.RequestAborted)
            .ConfigureAwait(false);
        return Render(session, "Wallets", "/dashboard/wallets", DashboardPages.Wallets(id, funding, spot));
    }

    private static async Task<IResult> SandboxAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session)
    {
        var q = new DashboardQuery(context.Request.Query);
        var requested = q.Id("merchant");
        if (q.Error is { } error)
        {
            return BadRequest(session, error);
        }

        return await SandboxPageAsync(context, deps, session, requested, Notice(context.Request.Query["notice"]),
            null, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static async Task<IResult> SandboxPageAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session, long? requested, string? notice, string? error, int status)
    {
        var ct = context.RequestAborted;
        var (merchantId, refusal) = await ScopeAsync(session, deps, requested, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var clock = await deps.Sandbox.ClockStateAsync(merchantId, ct).ConfigureAwait(false);
        var view = new SandboxView(clock, deps.Options.Sandbox, notice, error);
        if (merchantId is { } id)
        {
            view = view with
            {
                Faults = await deps.Faults.ListAsync(id, ct).ConfigureAwait(false),
                Journal = await deps.Journal.ListAsync(new RequestJournalQuery(id, null, null, null, null, null,
                    RecentMax), ct).ConfigureAwait(false),
            };
        }
        else
        {
            view = view with { Merchants = await deps.Merchants.ListMerchantsAsync(ct).ConfigureAwait(false) };
        }

        var nonce = HtmlResults.NewNonce();
        return HtmlResults.Page(DashboardHtml.Page("Sandbox", nonce, session, "/dashboard/sandbox",
            DashboardPages.Sandbox(session, view)), nonce, status);
    }

    private static async Task<IResult> AdvanceAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session, IFormCollection form)
    {
        if (!deps.Options.Sandbox)
        {
            return NotFound(session);
        }

        var requested = FormMerchant(form, out var badMerchant);
        var amount = DashboardQuery.ParseId(form["amount"]);
        var unitMs = form["unit"].ToString() switch
        {
            "s" => 1_000L,
            "m" => 60_000L,
            "h" => 3_600_000L,
            "d" => 86_400_000L,
            _ => 0L,
        };
        if (badMerchant || amount is null || unitMs == 0 || amount > long.MaxValue / unitMs)
        {
            return await SandboxPageAsync(context, deps, session, badMerchant ? null : requested, null,
                "Advance by a positive whole number of seconds, minutes, hours or days.",
                StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }

        var (merchantId, refusal) = await ScopeAsync(session, deps, requested, context.RequestAborted)
            .ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await deps.Sandbox.AdvanceClockAsync(merchantId, amount.Value * unitMs, context.RequestAborted)
            .ConfigureAwait(false);
        return result.IsSuccess
            ? HtmlResults.SeeOther(SandboxPath(merchantId, "advanced"))
            : await SandboxPageAsync(context, deps, session, merchantId, null, result.Message,
                StatusCodes.Status400BadRequest).ConfigureAwait(false);
    }

    private static async Task<IResult> ResetAsync(HttpContext context, DashboardDependencies deps,
        DashboardSession session, IFormCollection form)
    {
        if (!deps.Options.Sandbox)
        {
            return NotFound(session);
        }

        var requested = FormMerchant(form, out var badMerchant);
        var (merchantId, refusal) = await ScopeAsync(session, deps, badMerchant ? null : requested,
            context.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (merchantId is not { } id || form["confirm"] != "RESET")
        {
            return await SandboxPageAsync(context, deps, session, merchantId, null,
                "Type RESET to confirm (and, as the operator, choose a merchant first).",
                StatusCodes.Status400BadRequest).ConfigureAwait(false);
        }

        await deps.Sandbox.ResetAsync(id, context.RequestAborted).ConfigureAwait(false);
        return HtmlResults.SeeOther(SandboxPath(id, "reset"));
    }

    private static long? FormMerchant(IFormCollection form, out bool bad)
    {
        var text = form["merchant"].ToString();
        var id = DashboardQuery.ParseId(text);
        bad = text.Length > 0 && id is null;
        return id;
    }

    private static string SandboxPath(long? merchantId, string notice) => merchantId is { } id
        ? $"/dashboard/sandbox?merchant={DashboardHtml.Id(id)}&notice={notice}"
        : $"/dashboard/sandbox?notice={notice}";

    /// <summary>Only known notices are shown, never text from the URL.</summary>
    private static string? Notice(string? key) => key switch
    {
        "advanced" => "The sandbox clock moved forward.",
        "reset" => "The merchant's sandbox data was reset.",
        _ => null,
    };
}

/// <summary>The orders list's filters as read from the query (<see cref="ToMs"/> is the first ms of the last day).</summary>
internal sealed record OrderFilter(
    Domain.Orders.OrderStatus? Status, string? TradeNo, long? FromMs, long? ToMs, long? MerchantId, int Page);

/// <summary>What the sandbox page shows.</summary>
internal sealed record SandboxView(SandboxClockState Clock, bool Sandbox, string? Notice, string? Error)
{
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    public IReadOnlyList<RequestJournalEntry> Journal { get; init; } = [];

    public IReadOnlyList<Merchant> Merchants { get; init; } = [];
}

/// <summary>What the dashboard's pages need, bound as one endpoint parameter.</summary>
internal sealed record DashboardDependencies(
    DashboardSessions Sessions, IMerchantStore Merchants, IOrderStore Orders, IWebhookStore Webhooks,
    BuyerAdmin Buyers, WalletService Wallets, SandboxService Sandbox, FaultInjector Faults,
    IRequestJournalStore Journal, AdminToken AdminToken, SecretProtector Protector, CitrineOptions Options,
    TimeProvider Time);
