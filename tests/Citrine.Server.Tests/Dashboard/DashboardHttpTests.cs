using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Citrine.Testing;

namespace Citrine.Server.Tests.Dashboard;

/// <summary>
/// The dashboard over raw HTTP (no browser): sign-in answers, the session cookie's flags, anti-forgery on every POST,
/// redirects for the signed-out, and 400/404 pages (never a 500) for bad parameters and foreign ids.
/// </summary>
public abstract partial class DashboardHttpTests(ServerFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = fixture.Server.BaseUri,
    };

    private TestServer Server => fixture.Server;

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("/dashboard/orders")]
    [InlineData("/dashboard/orders/123")]
    [InlineData("/dashboard/events")]
    [InlineData("/dashboard/buyers")]
    [InlineData("/dashboard/wallets")]
    [InlineData("/dashboard/sandbox")]
    public async Task A_signed_out_browser_is_sent_to_the_sign_in_page(string path)
    {
        using var response = await _http.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/dashboard/login");
    }

    [Fact]
    public async Task A_signed_out_POST_is_sent_to_the_sign_in_page_and_changes_nothing()
    {
        var merchant = await Server.CreateMerchantAsync();
        using var response = await PostAsync("/dashboard/sandbox/advance", null,
            ("merchant", Id(merchant.MerchantId)), ("amount", "5"), ("unit", "d"));
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.ToString().ShouldBe("/dashboard/login");
        (await ClockOffsetAsync(merchant)).ShouldBe(0);
    }

    [Fact]
    public async Task Sign_in_sets_an_HttpOnly_SameSite_Strict_cookie_and_pages_carry_a_strict_CSP()
    {
        var merchant = await Server.CreateMerchantAsync();
        var session = await SignInAsync(("kind", "merchant"), ("apiKey", merchant.ApiKey),
            ("apiSecret", merchant.ApiSecret));

        session.SetCookie.ShouldContain("httponly", Case.Insensitive);
        session.SetCookie.ShouldContain("samesite=strict", Case.Insensitive);
        session.SetCookie.ShouldContain("path=/dashboard", Case.Insensitive);
        using var page = await GetAsync("/dashboard/orders", session.Cookie);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldStartWith("default-src 'none'");
        csp.ShouldContain("script-src 'nonce-");
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("<script");
    }

    [Theory]
    [InlineData("merchant")]
    [InlineData("admin")]
    public async Task Wrong_credentials_answer_the_sign_in_page_with_401(string kind)
    {
        var merchant = await Server.CreateMerchantAsync();
        var (loginCookie, token) = await LoginFormAsync();
        using var response = await PostAsync("/dashboard/login", loginCookie, ("csrf", token), ("kind", kind),
            ("apiKey", merchant.ApiKey), ("apiSecret", "not-the-secret"), ("token", "not-the-token"));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("id=\"error\"");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("citrine_dashboard=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("apiKey", "short")]
    [InlineData("apiKey", "")]
    [InlineData("kind", "nobody")]
    public async Task Malformed_sign_in_forms_answer_401_never_500(string field, string value)
    {
        var merchant = await Server.CreateMerchantAsync();
        var (loginCookie, token) = await LoginFormAsync();
        var fields = new Dictionary<string, string>
        {
            ["csrf"] = token,
            ["kind"] = "merchant",
            ["apiKey"] = merchant.ApiKey,
            ["apiSecret"] = merchant.ApiSecret,
        };
        fields[field] = value;
        using var response = await PostAsync("/dashboard/login", loginCookie,
            [.. fields.Select(f => (f.Key, f.Value))]);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_sign_in_without_its_form_token_is_refused_with_400()
    {
        var merchant = await Server.CreateMerchantAsync();
        var (loginCookie, _) = await LoginFormAsync();
        using var noToken = await PostAsync("/dashboard/login", loginCookie, ("kind", "merchant"),
            ("apiKey", merchant.ApiKey), ("apiSecret", merchant.ApiSecret));
        noToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var noCookie = await PostAsync("/dashboard/login", null, ("csrf", "forged"), ("kind", "merchant"),
            ("apiKey", merchant.ApiKey), ("apiSecret", merchant.ApiSecret));
        noCookie.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_POST_without_the_session_s_anti_forgery_token_is_refused_and_changes_nothing()
    {
        var merchant = await Server.CreateMerchantAsync();
        var session = await SignInAsync(("kind", "merchant"), ("apiKey", merchant.ApiKey),
            ("apiSecret", merchant.ApiSecret));

        using var missing = await PostAsync("/dashboard/sandbox/advance", session.Cookie, ("amount", "1"), ("unit", "d"));
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var wrong = await PostAsync("/dashboard/sandbox/advance", session.Cookie, ("csrf", "forged"),
            ("amount", "1"), ("unit", "d"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var reset = await PostAsync("/dashboard/sandbox/reset", session.Cookie, ("confirm", "RESET"));
        reset.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var logout = await PostAsync("/dashboard/logout", session.Cookie);
        logout.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ClockOffsetAsync(merchant)).ShouldBe(0);

        using var accepted = await PostAsync("/dashboard/sandbox/advance", session.Cookie, ("csrf", session.Csrf),
            ("amount", "1"), ("unit", "d"));
        accepted.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await ClockOffsetAsync(merchant)).ShouldBe(86_400_000);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var session = await SignInAsync(("kind", "admin"), ("token", TestServer.AdminTokenValue));
        using var logout = await PostAsync("/dashboard/logout", session.Cookie, ("csrf", session.Csrf));
        logout.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        using var after = await GetAsync("/dashboard/orders", session.Cookie);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("/dashboard/orders?page=abc")]
    [InlineData("/dashboard/orders?page=0")]
    [InlineData("/dashboard/orders?page=99999999999")]
    [InlineData("/dashboard/orders?status=NOPE")]
    [InlineData("/dashboard/orders?from=2026-13-40")]
    [InlineData("/dashboard/orders?to=yesterday")]
    [InlineData("/dashboard/orders?merchant=-1")]
    [InlineData("/dashboard/orders?merchant=99999999999999999999")]
    [InlineData("/dashboard/orders?page=1&page=2")]
    [InlineData("/dashboard/orders?tradeNo=%00")]
    [InlineData("/dashboard/events?before=x")]
    [InlineData("/dashboard/wallets?merchant=1e3")]
    [InlineData("/dashboard/sandbox?merchant=%E2%82%AC")]
    public async Task Bad_query_parameters_answer_a_400_page(string path)
    {
        var session = await SignInAsync(("kind", "admin"), ("token", TestServer.AdminTokenValue));
        using var response = await GetAsync(path, session.Cookie);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Theory]
    [InlineData("/dashboard/orders/abc")]
    [InlineData("/dashboard/orders/0")]
    [InlineData("/dashboard/orders/99999999999999999999")]
    [InlineData("/dashboard/orders/123456")]
    [InlineData("/dashboard/events?merchant=987654321")]
    public async Task Unknown_ids_answer_a_404_page(string path)
    {
        var session = await SignInAsync(("kind", "admin"), ("token", TestServer.AdminTokenValue));
        using var response = await GetAsync(path, session.Cookie);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task A_merchant_session_gets_404_for_another_merchant_s_order_event_and_merchant_id()
    {
        var victim = await Server.CreateMerchantAsync("Victim", "http://127.0.0.1:9/none");
        var victimOrder = await Server.Signed(victim).CreateOrderAsync();
        await Server.Signed(victim).CloseAsync(victimOrder);
        var victimEvent = (await Server.QueryDbAsync("SELECT event_id FROM webhook_outbox WHERE merchant_id = @m",
            r => r.GetInt64(0), ("@m", victim.MerchantId))).First();
        var attacker = await Server.CreateMerchantAsync("Attacker");
        var session = await SignInAsync(("kind", "merchant"), ("apiKey", attacker.ApiKey),
            ("apiSecret", attacker.ApiSecret));

        foreach (var path in new[]
                 {
                     $"/dashboard/orders/{victimOrder}", $"/dashboard/orders?merchant={victim.MerchantId}",
                     $"/dashboard/events?merchant={victim.MerchantId}", $"/dashboard/wallets?merchant={victim.MerchantId}",
                     $"/dashboard/sandbox?merchant={victim.MerchantId}",
                 })
        {
            using var response = await GetAsync(path, session.Cookie);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain(Id(victimOrder));
        }

        var attemptsBefore = await AttemptRoundsAsync(victimEvent);
        using var redeliver = await PostAsync($"/dashboard/events/{victimEvent}/redeliver", session.Cookie,
            ("csrf", session.Csrf));
        redeliver.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AttemptRoundsAsync(victimEvent)).ShouldBe(attemptsBefore);
        using var reset = await PostAsync("/dashboard/sandbox/reset", session.Cookie, ("csrf", session.Csrf),
            ("merchant", Id(victim.MerchantId)), ("confirm", "RESET"));
        reset.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var advance = await PostAsync("/dashboard/sandbox/advance", session.Cookie, ("csrf", session.Csrf),
            ("merchant", Id(victim.MerchantId)), ("amount", "1"), ("unit", "d"));
        advance.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Server.Signed(victim).QueryAsync(victimOrder)).Code.ShouldBe("000000", "the reset did not run");
        (await ClockOffsetAsync(victim)).ShouldBe(0);
    }

    [Fact]
    public async Task A_merchant_s_buyers_page_lists_its_own_buyers_and_never_another_merchant_s()
    {
        var owner = await Server.CreateMerchantAsync("Owner");
        var other = await Server.CreateMerchantAsync("Other");
        var ownName = "Own " + Guid.NewGuid().ToString("N")[..10];
        var otherName = "Other " + Guid.NewGuid().ToString("N")[..10];
        (await Server.Signed(owner).PostAsync("/sandbox/buyers", new { name = ownName })).Code.ShouldBe("000000");
        (await Server.Signed(other).PostAsync("/sandbox/buyers", new { name = otherName })).Code.ShouldBe("000000");
        var session = await SignInAsync(("kind", "merchant"), ("apiKey", owner.ApiKey), ("apiSecret", owner.ApiSecret));

        using var page = await GetAsync("/dashboard/buyers", session.Cookie);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain(ownName);
        html.ShouldNotContain(otherName);
    }

    [Fact]
    public async Task Reset_needs_its_confirmation_and_then_deletes_the_merchant_s_orders()
    {
        var merchant = await Server.CreateMerchantAsync();
        var prepayId = await Server.Signed(merchant).CreateOrderAsync();
        var session = await SignInAsync(("kind", "admin"), ("token", TestServer.AdminTokenValue));

        using var unconfirmed = await PostAsync("/dashboard/sandbox/reset", session.Cookie, ("csrf", session.Csrf),
            ("merchant", Id(merchant.MerchantId)), ("confirm", "yes"));
        unconfirmed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.Signed(merchant).QueryAsync(prepayId)).Code.ShouldBe("000000");

        using var confirmed = await PostAsync("/dashboard/sandbox/reset", session.Cookie, ("csrf", session.Csrf),
            ("merchant", Id(merchant.MerchantId)), ("confirm", "RESET"));
        confirmed.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await Server.Signed(merchant).QueryAsync(prepayId)).Code.ShouldNotBe("000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_operator_s_pages_name_a_merchant_s_wallets_events_and_sandbox()
    {
        var merchant = await Server.CreateMerchantAsync("Wallet Shop");
        var session = await SignInAsync(("kind", "admin"), ("token", TestServer.AdminTokenValue));
        foreach (var path in new[] { "/dashboard/wallets", "/dashboard/events", "/dashboard/sandbox", "/dashboard/buyers" })
        {
            using var picker = await GetAsync(path, session.Cookie);
            picker.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            using var scoped = await GetAsync(path + "?merchant=" + Id(merchant.MerchantId), session.Cookie);
            scoped.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        using var wallets = await GetAsync("/dashboard/wallets?merchant=" + Id(merchant.MerchantId), session.Cookie);
        (await wallets.Content.ReadAsStringAsync()).ShouldContain("FUNDING_WALLET");
    }

    [Fact]
    public async Task A_revoked_key_ends_its_merchant_session()
    {
        var merchant = await Server.CreateMerchantAsync();
        var session = await SignInAsync(("kind", "merchant"), ("apiKey", merchant.ApiKey),
            ("apiSecret", merchant.ApiSecret));
        (await Server.AdminPostAsync($"/admin/keys/{merchant.ApiKey}/revoke", new { })).Code.ShouldBe("000000");
        using var response = await GetAsync("/dashboard/orders", session.Cookie);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private async Task<long> ClockOffsetAsync(TestMerchant merchant) =>
        (await Server.Signed(merchant).PostAsync("/sandbox/clock", new { })).Data.GetProperty("offsetMs").GetInt64();

    private async Task<long> AttemptRoundsAsync(long eventId) =>
        (await Server.QueryDbAsync("SELECT redeliveries FROM webhook_outbox WHERE event_id = @e", r => r.GetInt64(0),
            ("@e", eventId))).Single();

    private async Task<(string Cookie, string Token)> LoginFormAsync()
    {
        using var response = await _http.GetAsync("/dashboard/login");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = CookieOf(response, "citrine_dashboard_login");
        var token = CsrfField().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        token.ShouldNotBeEmpty();
        return (cookie, token);
    }

    private async Task<DashboardHttpSession> SignInAsync(params (string Name, string Value)[] fields)
    {
        var (loginCookie, token) = await LoginFormAsync();
        using var response = await PostAsync("/dashboard/login", loginCookie, [("csrf", token), .. fields]);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        var setCookie = response.Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("citrine_dashboard=", StringComparison.Ordinal));
        var cookie = setCookie.Split(';')[0];
        using var page = await GetAsync("/dashboard/orders", cookie);
        var csrf = CsrfField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        return new DashboardHttpSession(cookie, csrf, setCookie);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string? cookie,
        params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await _http.SendAsync(request);
    }

    private static string CookieOf(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal))
            .Split(';')[0];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private sealed record DashboardHttpSession(string Cookie, string Csrf, string SetCookie);
}

public sealed class SqliteDashboardHttpTests(SqliteDashboardServer fixture)
    : DashboardHttpTests(fixture), IClassFixture<SqliteDashboardServer>;

public sealed class PostgresDashboardHttpTests(PostgresDashboardServer fixture)
    : DashboardHttpTests(fixture), IClassFixture<PostgresDashboardServer>;
