using System.Globalization;
using System.Text.Json;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;
using Microsoft.Playwright;

namespace Citrine.Server.Tests.Checkout;

/// <summary>
/// The hosted checkout in real headless Chromium (Debian's <c>chromium</c>, path from <c>CITRINE_CHROMIUM</c>; no
/// browser download). Screenshots are kept under <c>test-results/</c> as artefacts.
/// </summary>
public abstract class CheckoutBrowserTests(ServerFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// Waits for the navigation to the merchant's site to commit, not for its load event: once, in a full CI run,
    /// the URL matched but Playwright never saw that page's load event and the wait ran out after 60 s. The locator
    /// that reads <c>#page</c> next waits for the element itself.
    /// </summary>
    private static readonly PageWaitForURLOptions ToMerchantSite = new() { WaitUntil = WaitUntilState.Commit };

    private HeadlessChromium? _chromium;
    private LoopbackReceiver? _site;

    private TestServer Server => fixture.Server;

    private LoopbackReceiver Site => _site!;

    private string ReturnUrl => Site.BaseUrl + "/return";

    private string CancelUrl => Site.BaseUrl + "/cancel";

    public async ValueTask InitializeAsync()
    {
        // The merchant's site: the returnUrl and cancelUrl pages the checkout sends the browser to.
        _site = await LoopbackReceiver.StartAsync();
        _site.Responder = visit => Reply.Html(200,
            $"<!DOCTYPE html><title>{visit.Path[1..]}</title><h1 id=\"page\">{visit.Path[1..]}</h1>");
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_buyer_clicks_Pay_lands_on_returnUrl_and_the_order_is_PAID()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Ice Cream Shop"));
        var buyerId = await Server.CreateBuyerAsync("Browser Buyer", new() { ["USDT"] = "100", ["BNB"] = "1" });
        var body = Orders.V2(amount: 12m);
        body["returnUrl"] = ReturnUrl;
        body["cancelUrl"] = CancelUrl;
        var created = await CreateAsync(client, body);

        var page = await NewPageAsync();
        await page.GotoAsync(created.GetProperty("checkoutUrl").GetString()!);
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("INITIAL");
        (await page.Locator("#amount").InnerTextAsync()).ShouldBe("12 USDT");
        await page.WaitForFunctionAsync("() => /^\\d+:\\d\\d$/.test(document.getElementById('countdown').textContent)");
        (await page.EvaluateAsync<bool>(
            "() => { const i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 0; }"))
            .ShouldBeTrue("the QR image loads");
        await page.SelectOptionAsync("#buyer", buyerId.ToString(CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#payCurrency", "BNB");
        await ScreenshotAsync(page, "checkout-before-pay");

        await page.ClickAsync("#pay");
        await page.WaitForURLAsync(ReturnUrl, ToMerchantSite);
        (await page.Locator("#page").InnerTextAsync()).ShouldBe("return");
        Site.All.Select(v => (v.Path, v.Header("Referer"))).ShouldContain(("/return", (string?)null), "no Referer leaks the checkout code");

        var query = await client.QueryAsync(PrepayId(created));
        query.Data.GetProperty("status").GetString().ShouldBe("PAID");
        query.Data.GetProperty("paymentInfo").GetProperty("paymentInstructions")[0].GetProperty("currency").GetString()
            .ShouldBe("BNB");
        (await Server.BuyerBalancesAsync(buyerId))["BNB"].ShouldBe("0.98000000");

        await page.GotoAsync(created.GetProperty("checkoutUrl").GetString()!);
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("PAID");
        (await page.Locator("#pay").CountAsync()).ShouldBe(0);
        await ScreenshotAsync(page, "checkout-paid");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_buyer_clicks_Cancel_lands_on_cancelUrl_and_the_order_stays_open()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await Server.CreateBuyerAsync("Undecided", new() { ["USDT"] = "100" });
        var body = Orders.V2();
        body["returnUrl"] = ReturnUrl;
        body["cancelUrl"] = CancelUrl;
        var created = await CreateAsync(client, body);

        var page = await NewPageAsync();
        await page.GotoAsync(created.GetProperty("checkoutUrl").GetString()!);
        await page.ClickAsync("#cancel");
        await page.WaitForURLAsync(CancelUrl, ToMerchantSite);
        (await page.Locator("#page").InnerTextAsync()).ShouldBe("cancel");
        (await client.QueryAsync(PrepayId(created))).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
    }

    [Fact]
    public async Task An_expired_order_shows_its_state_and_no_Pay_button()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var created = await CreateAsync(client, Orders.V2());
        (await client.PostAsync("/sandbox/orders/expire", new { prepayId = created.GetProperty("prepayId").GetString() }))
            .Code.ShouldBe("000000");

        var page = await NewPageAsync();
        await page.GotoAsync(created.GetProperty("qrContent").GetString()!);
        page.Url.ShouldBe(created.GetProperty("checkoutUrl").GetString());
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("EXPIRED");
        (await page.Locator(".state").InnerTextAsync()).ShouldContain("expired");
        (await page.Locator("#pay").CountAsync()).ShouldBe(0);
        await ScreenshotAsync(page, "checkout-expired");
    }

    [Fact]
    public async Task The_countdown_disables_Pay_when_the_order_expires_on_the_page()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await Server.CreateBuyerAsync("Late", new() { ["USDT"] = "100" });
        var body = Orders.V2();
        // Long enough that a slow page load on a loaded machine still finds the order open (with 3 s the page could
        // render after the expiry and show no Pay button at all); the countdown then runs out on the page.
        body["orderExpireTime"] = DateTimeOffset.UtcNow.AddSeconds(15).ToUnixTimeMilliseconds();
        var created = await CreateAsync(client, body);

        var page = await NewPageAsync();
        await page.GotoAsync(created.GetProperty("deeplink").GetString()!);
        (await page.Locator("#pay").IsEnabledAsync()).ShouldBeTrue();
        await page.WaitForFunctionAsync("() => document.getElementById('countdown').textContent === 'expired'",
            null, new PageWaitForFunctionOptions { Timeout = 45_000 });
        (await page.Locator("#pay").IsDisabledAsync()).ShouldBeTrue();
    }

    private Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(480, 900);

    private static async Task<JsonElement> CreateAsync(SignedHttp client, Dictionary<string, object?> body)
    {
        var answer = await client.PostAsync("/binancepay/openapi/v2/order", body);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data;
    }

    private static long PrepayId(JsonElement created) =>
        long.Parse(created.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);

    private Task ScreenshotAsync(IPage page, string name) =>
        HeadlessChromium.ScreenshotAsync(page, $"{name}-{GetType().Name}.png", output);
}

public sealed class SqliteCheckoutBrowserTests(SqlitePaymentServer fixture, ITestOutputHelper output)
    : CheckoutBrowserTests(fixture, output), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresCheckoutBrowserTests(PostgresPaymentServer fixture, ITestOutputHelper output)
    : CheckoutBrowserTests(fixture, output), IClassFixture<PostgresPaymentServer>;
