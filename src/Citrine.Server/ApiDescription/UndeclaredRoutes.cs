using Citrine.Application.Merchants;
using Citrine.Contracts;
using Citrine.Server.Features.Buyers;
using Citrine.Server.Features.Webhooks;
using Citrine.Server.Http.Declarations;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// A route the server maps without an <see cref="EndpointDeclaration"/>: the admin reads (GET, answered in the
/// envelope with <see cref="Data"/>), the hosted pages a buyer's browser opens, and the health probes.
/// </summary>
internal sealed record UndeclaredRoute(string Method, string Pattern, string Tag, string Summary)
{
    /// <summary>The envelope's <c>data</c> type (admin reads); null for an answer outside the envelope.</summary>
    public Type? Data { get; init; }

    /// <summary>The media type of an answer outside the envelope (HTML, PNG, health JSON, a redirect's none).</summary>
    public string? MediaType { get; init; }

    /// <summary>The HTTP status of a successful answer outside the envelope.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Codes of an envelope answer beyond success, the admin token and 400000.</summary>
    public IReadOnlyList<DeclaredCode> Codes { get; init; } = [];

    /// <summary>Optional query parameters, by name with a description: integers on an admin read, text elsewhere.</summary>
    public IReadOnlyList<(string Name, string Description)> Query { get; init; } = [];

    /// <summary>Other HTTP statuses of an answer outside the envelope, with what they mean.</summary>
    public IReadOnlyList<(int Status, string Meaning)> Others { get; init; } = [(404, "No such code")];

    /// <summary>Fields of an <c>application/x-www-form-urlencoded</c> body (the hosted pages' buttons).</summary>
    public IReadOnlyList<string> Form { get; init; } = [];
}

/// <summary>
/// Every mapped route that is not a declaration, for the API description. A route mapped without an entry here (or
/// an entry nothing maps) fails tests/Citrine.Server.Tests/ApiDescription/MappedPathsTests.cs.
/// </summary>
internal static class UndeclaredRoutes
{
    private const string Admin = "Admin";
    private const string Pages = "Hosted pages";
    private const string Health = "Health";
    private const string Dashboard = "Dashboard";

    private static readonly DeclaredCode MerchantNotFound = DeclaredCode.NotFound(ResultCodes.InvalidRequest);

    private static readonly (int, string)[] DashboardPage =
    [
        (302, "Not signed in: to the sign-in page"), (400, "A bad query parameter"),
        (404, "No such record, or not one this sign-in may see"),
    ];

    private static readonly (int, string)[] DashboardForm =
    [
        (400, "The form lacks the session's anti-forgery token, or a field is bad"),
        (404, "No such record, or not one this sign-in may see"),
    ];

    public static IReadOnlyList<UndeclaredRoute> All { get; } =
    [
        new("GET", "/admin/merchants", Admin, "List merchants") { Data = typeof(IReadOnlyList<Merchant>) },
        new("GET", "/admin/merchants/{merchantId:long}", Admin, "One merchant")
        {
            Data = typeof(Merchant), Codes = [MerchantNotFound],
        },
        new("GET", "/admin/merchants/{merchantId:long}/keys", Admin, "A merchant's API keys (no secrets)")
        {
            Data = typeof(IReadOnlyList<ApiKeyInfo>), Codes = [MerchantNotFound],
        },
        new("GET", "/admin/buyers", Admin, "List sandbox buyers with their balances")
        {
            Data = typeof(List<BuyerEndpoints.BuyerView>),
        },
        new("GET", "/admin/buyers/{buyerId:long}", Admin, "One sandbox buyer")
        {
            Data = typeof(BuyerEndpoints.BuyerView), Codes = [DeclaredCode.NotFound(ResultCodes.SandboxBuyerNotFound)],
        },
        new("GET", "/admin/merchants/{merchantId:long}/events", Admin, "A merchant's webhook events, newest first")
        {
            Data = typeof(List<WebhookEventView>),
            Query =
            [
                ("beforeEventId", "Only events older than this id (paging)."),
                ("limit", $"Most events to return, 1 to {WebhookAdminEndpoints.PageMax} (default 50)."),
            ],
        },
        new("GET", "/admin/events/{eventId:long}", Admin, "One webhook event with its delivery attempts")
        {
            Data = typeof(WebhookEventDetail), Codes = [MerchantNotFound],
        },
        new("GET", "/admin/certificates", Admin, "The webhook signing keys, current first, with retired ones")
        {
            Data = typeof(List<CertificateView>),
        },
        new("GET", "/checkout/{code}", Pages, "The hosted checkout page of an order") { MediaType = "text/html" },
        new("GET", "/checkout/{code}/qr.png", Pages, "The order's QR code") { MediaType = "image/png" },
        new("POST", "/checkout/{code}/pay", Pages, "The checkout's Pay button (a sandbox buyer pays)")
        {
            Status = 303, Form = ["buyerId", "payCurrency"],
        },
        new("POST", "/checkout/{code}/cancel", Pages, "The checkout's Cancel button (back to cancelUrl)")
        {
            Status = 303,
        },
        new("GET", "/qr/{code}", Pages, "The link inside the QR code: redirects to the checkout") { Status = 302 },
        new("GET", "/payment/secpay", Pages, "The universal/deep link of an order: redirects to the checkout")
        {
            Status = 302, Query = [("linkToken", "The checkout code."), ("tempToken", "The checkout code (other name).")],
        },
        new("GET", "/contract/{code}", Pages, "The hosted page where a buyer signs a direct-debit contract")
        {
            MediaType = "text/html",
        },
        new("GET", "/contract/{code}/qr.png", Pages, "The contract's QR code") { MediaType = "image/png" },
        new("POST", "/contract/{code}/sign", Pages, "The contract page's Sign button")
        {
            MediaType = "text/html", Form = ["buyerId"],
        },
        new("GET", "/dashboard", Dashboard, "The dashboard: redirects to its orders page") { Status = 302, Others = [] },
        new("GET", "/dashboard/login", Dashboard, "The dashboard's sign-in page") { MediaType = "text/html", Others = [] },
        new("POST", "/dashboard/login", Dashboard, "Sign in with the admin token or an API key and its secret")
        {
            Status = 303, Form = ["csrf", "kind", "token", "apiKey", "apiSecret"],
            Others = [(400, "The sign-in form's token is missing or stale"), (401, "Wrong credentials")],
        },
        new("POST", "/dashboard/logout", Dashboard, "Sign out") { Status = 303, Form = ["csrf"], Others = DashboardForm },
        new("GET", "/dashboard/orders", Dashboard, "Orders with filters and paging")
        {
            MediaType = "text/html", Others = DashboardPage,
            Query =
            [
                ("status", "Only orders in this status."), ("tradeNo", "Only orders whose merchantTradeNo contains this."),
                ("from", "Created on or after this UTC day (yyyy-MM-dd)."), ("to", "Created on or before this UTC day."),
                ("merchant", "Only this merchant's orders (the operator)."), ("page", "Page number, from 1."),
            ],
        },
        new("GET", "/dashboard/orders/{prepayId}", Dashboard,
            "One order: details, lifecycle timeline, ledger journals, webhook events")
        {
            MediaType = "text/html", Others = DashboardPage,
        },
        new("GET", "/dashboard/events", Dashboard, "Webhook events with every delivery attempt")
        {
            MediaType = "text/html", Others = DashboardPage,
            Query = [("merchant", "The merchant (the operator)."), ("before", "Only events older than this id.")],
        },
        new("POST", "/dashboard/events/{eventId}/redeliver", Dashboard, "Deliver a webhook event again")
        {
            Status = 303, Form = ["csrf", "from"], Others = DashboardForm,
        },
        new("GET", "/dashboard/buyers", Dashboard, "Sandbox buyers and their balances")
        {
            MediaType = "text/html", Others = [(302, "Not signed in: to the sign-in page")],
        },
        new("GET", "/dashboard/wallets", Dashboard, "A merchant's FUNDING and SPOT wallets")
        {
            MediaType = "text/html", Others = DashboardPage, Query = [("merchant", "The merchant (the operator).")],
        },
        new("GET", "/dashboard/sandbox", Dashboard, "The sandbox clock, reset, armed faults and recent requests")
        {
            MediaType = "text/html", Others = DashboardPage, Query = [("merchant", "The merchant (the operator).")],
        },
        new("POST", "/dashboard/sandbox/advance", Dashboard, "Advance the sandbox clock")
        {
            Status = 303, Form = ["csrf", "merchant", "amount", "unit"], Others = DashboardForm,
        },
        new("POST", "/dashboard/sandbox/reset", Dashboard, "Reset a merchant's sandbox data (confirm: RESET)")
        {
            Status = 303, Form = ["csrf", "merchant", "confirm"], Others = DashboardForm,
        },
        new("GET", "/health", Health, "Always \"ok\" in the envelope (kept for old probes)") { Data = typeof(string) },
        new("GET", "/health/live", Health, "Liveness: 200 while the process serves HTTP")
        {
            MediaType = "application/json", Others = [(405, "Not a GET")],
        },
        new("GET", "/health/ready", Health,
            "Readiness: 200 when the database is reachable and migrated and every background loop runs, 503 otherwise")
        {
            MediaType = "application/json", Others = [(503, "Not ready: the body names the failing check")],
        },
        new("GET", "/metrics", Health,
            "Prometheus metrics: requests by route and result code, webhook attempts, backlog (docs/observability.md)")
        {
            MediaType = "text/plain", Others = [],
        },
        new("GET", "/reports/download/{merchantId}/{fileName}", Pages,
            "A report file (XLSX) behind the signed, expiring link of report/get-file or a balance report")
        {
            MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Query = [("expires", "When the link lapses (ms, the merchant's sandbox clock)"),
                ("signature", "HMAC-SHA256 of the path and expires with the server's secret")],
            Others = [(403, "A tampered or expired link (an HTML page)"), (404, "No such report")],
        },
        new("GET", "/share/{code}", Pages, "The consent page of a share account id request (its qrcodeContent)")
        {
            MediaType = "text/html",
        },
        new("GET", "/share/{code}/qr.png", Pages, "The share request's QR code (its qrcodeUrl)")
        {
            MediaType = "image/png",
        },
        new("POST", "/share/{code}/approve", Pages,
            "The consent page's Agree button: a sandbox buyer shares its Binance ID (SHARE_ACCOUNT_ID webhook)")
        {
            Status = 303, Form = ["buyerId"],
        },
        new("POST", "/share/{code}/decline", Pages, "The consent page's Decline button: nothing is shared")
        {
            MediaType = "text/html",
        },
        new("GET", "/tsp/review-authorization", Pages,
            "The page where a merchant reviews a service provider's authorisation request (its redirectUrl)")
        {
            MediaType = "text/html", Query = [("authId", "The authorisation's id.")],
        },
        new("POST", "/tsp/review-authorization", Pages,
            "The review page's Authorise and Reject buttons, with the merchant's own API key and secret")
        {
            MediaType = "text/html", Form = ["authId", "apiKey", "apiSecret", "decision"],
            Others = [(401, "A wrong API key or secret, or not the key of the merchant the request names"),
                (404, "No such authorisation")],
        },
    ];
}
