using System.Globalization;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Testing;
using Microsoft.Playwright;

namespace Citrine.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium (as the checkout's browser tests): sign-in, the orders filter, an order's
/// timeline, a webhook redelivery, the clock, and a merchant that never sees another merchant's order. Screenshots
/// are kept under <c>test-results/screenshots/</c> as artefacts.
/// </summary>
public abstract class DashboardBrowserTests(ServerFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private HeadlessChromium? _chromium;
    private LoopbackReceiver? _receiver;

    private TestServer Server => fixture.Server;

    private LoopbackReceiver Receiver => _receiver!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await LoopbackReceiver.StartAsync();
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_merchant_signs_in_with_its_key_after_a_wrong_secret_and_signs_out()
    {
        var merchant = await Server.CreateMerchantAsync("Lemon Stand");
        var page = await NewPageAsync();

        await page.GotoAsync(Url("/dashboard/orders"));
        page.Url.ShouldBe(Url("/dashboard/login"), "signed out: the sign-in page");
        await page.FillAsync("#apiKey", merchant.ApiKey);
        await page.FillAsync("#apiSecret", "wrong-secret");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#merchant-submit"),
            r => r.Url == Url("/dashboard/login") && r.Request.Method == "POST");
        refused.Status.ShouldBe(401);
        (await page.Locator("#error").InnerTextAsync()).ShouldContain("Wrong");
        await ScreenshotAsync(page, "dashboard-login-refused");

        await SignInAsync(page, merchant);
        (await page.Locator("#who").InnerTextAsync()).ShouldContain("Lemon Stand");

        await page.ClickAsync("#logout");
        await page.WaitForURLAsync(Url("/dashboard/login"));
        await page.GotoAsync(Url("/dashboard/orders"));
        page.Url.ShouldBe(Url("/dashboard/login"));
    }

    [Fact]
    public async Task The_orders_list_filters_by_tradeNo_and_status_and_an_order_shows_its_timeline()
    {
        var merchant = await Server.CreateMerchantAsync("Filter Shop", Receiver.Url);
        var client = Server.Signed(merchant);
        var buyerId = await Server.CreateBuyerAsync("Dash Buyer", new() { ["USDT"] = "100" });
        var paid = await client.CreateOrderAsync(Orders.V2("alpha" + Orders.NewTradeNo()[..8], amount: 12m));
        var open = await client.CreateOrderAsync(Orders.V2("alpha" + Orders.NewTradeNo()[..8]));
        var other = await client.CreateOrderAsync(Orders.V2("beta" + Orders.NewTradeNo()[..8]));
        (await client.SandboxPayAsync(paid, buyerId)).Code.ShouldBe("000000");
        var page = await NewPageAsync();
        await SignInAsync(page, merchant);

        (await PrepayIdsAsync(page)).ShouldBe([other, open, paid], ignoreOrder: true);
        await page.FillAsync("#tradeNo", "ALPHA");
        await page.ClickAsync("#filter");
        await page.WaitForURLAsync(u => u.Contains("tradeNo=ALPHA", StringComparison.Ordinal));
        (await PrepayIdsAsync(page)).ShouldBe([open, paid], ignoreOrder: true);
        await page.SelectOptionAsync("#status", "PAID");
        await page.ClickAsync("#filter");
        await page.WaitForURLAsync(u => u.Contains("status=PAID", StringComparison.Ordinal));
        (await PrepayIdsAsync(page)).ShouldBe([paid]);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.FillAsync("#from", today);
        await page.FillAsync("#to", today);
        await page.ClickAsync("#filter");
        await page.WaitForURLAsync(u => u.Contains("from=" + today, StringComparison.Ordinal));
        (await PrepayIdsAsync(page)).ShouldBe([paid]);
        await page.GotoAsync(Url("/dashboard/orders?to=2001-01-01"));
        (await PrepayIdsAsync(page)).ShouldBeEmpty();

        await page.GotoAsync(Url("/dashboard/orders"));
        await ScreenshotAsync(page, "dashboard-orders");
        await page.ClickAsync($"a[href='/dashboard/orders/{paid}']");
        await page.WaitForURLAsync(Url($"/dashboard/orders/{paid}"));
        (await page.Locator("#order-status").InnerTextAsync()).ShouldBe("PAID");
        var timeline = await page.Locator("#timeline li").AllInnerTextsAsync();
        timeline[0].ShouldContain("Created");
        timeline.ShouldContain(t => t.Contains("Paid · PAID", StringComparison.Ordinal));
        timeline.ShouldContain(t => t.Contains("Ledger journal PAYMENT", StringComparison.Ordinal));
        timeline.ShouldContain(t => t.Contains("Webhook PAY PAY_SUCCESS", StringComparison.Ordinal));
        (await page.Locator("#journals tr").CountAsync()).ShouldBeGreaterThan(1);
        (await page.Locator("#events tr[data-event-id]").CountAsync()).ShouldBe(1);
        await ScreenshotAsync(page, "dashboard-order");
    }

    [Fact]
    public async Task Redeliver_adds_a_new_attempt_to_the_event_s_marks()
    {
        var merchant = await Server.CreateMerchantAsync("Redeliver Shop", Receiver.Url);
        var client = Server.Signed(merchant);
        var prepayId = await client.CreateOrderAsync();
        (await client.CloseAsync(prepayId)).Code.ShouldBe("000000");
        await Receiver.NextAsync(TimeSpan.FromSeconds(60));
        var page = await NewPageAsync();
        await SignInAsync(page, merchant);

        await page.GotoAsync(Url("/dashboard/events"));
        var row = page.Locator("#events tr[data-event-id]").First;
        await WaitForMarksAsync(page, row, 1);
        (await row.Locator(".badge").InnerTextAsync()).ShouldBe("DELIVERED");
        (await row.Locator("ol.attempts li").First.InnerTextAsync()).ShouldContain("HTTP 200");

        await row.Locator("button.redeliver").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("redelivered=1", StringComparison.Ordinal));
        (await page.Locator("#notice").InnerTextAsync()).ShouldContain("Redelivery");
        await Receiver.NextAsync(TimeSpan.FromSeconds(60));
        await WaitForMarksAsync(page, page.Locator("#events tr[data-event-id]").First, 2);
        (await page.Locator("#events tr[data-event-id]").First.Locator("ol.attempts li").Nth(1).InnerTextAsync())
            .ShouldContain("#1.1");
        await ScreenshotAsync(page, "dashboard-webhooks");
    }

    [Fact]
    public async Task The_clock_advances_from_the_sandbox_page()
    {
        var merchant = await Server.CreateMerchantAsync("Clock Shop");
        var page = await NewPageAsync();
        await SignInAsync(page, merchant);

        await page.GotoAsync(Url("/dashboard/sandbox"));
        (await page.Locator("#clock-offset").GetAttributeAsync("data-offset-ms")).ShouldBe("0");
        await page.FillAsync("#advance-amount", "2");
        await page.SelectOptionAsync("#advance-unit", "h");
        var posted = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#advance"),
            r => r.Url == Url("/dashboard/sandbox/advance"));
        posted.Status.ShouldBe(303, "the form's answer, whose Location is the sandbox page with the notice");
        await page.WaitForURLAsync(u => u.Contains("notice=advanced", StringComparison.Ordinal));
        (await page.Locator("#clock-offset").GetAttributeAsync("data-offset-ms")).ShouldBe("7200000");
        var clock = await Server.Signed(merchant).PostAsync("/sandbox/clock", new { });
        clock.Data.GetProperty("merchantOffsetMs").GetInt64().ShouldBe(7_200_000);
        await ScreenshotAsync(page, "dashboard-sandbox");
    }

    [Fact]
    public async Task A_merchant_never_sees_another_merchant_s_order_while_the_operator_sees_both()
    {
        var mine = await Server.CreateMerchantAsync("Mine");
        var theirs = await Server.CreateMerchantAsync("Theirs");
        var myOrder = await Server.Signed(mine).CreateOrderAsync();
        var theirOrder = await Server.Signed(theirs).CreateOrderAsync();
        var page = await NewPageAsync();
        await SignInAsync(page, mine);

        var listed = await PrepayIdsAsync(page);
        listed.ShouldContain(myOrder);
        listed.ShouldNotContain(theirOrder);
        var byUrl = await page.GotoAsync(Url($"/dashboard/orders/{theirOrder}"));
        byUrl!.Status.ShouldBe(404);
        (await page.ContentAsync()).ShouldNotContain(theirOrder.ToString(CultureInfo.InvariantCulture));
        var byFilter = await page.GotoAsync(Url($"/dashboard/orders?merchant={theirs.MerchantId}"));
        byFilter!.Status.ShouldBe(404);
        await page.GotoAsync(Url("/dashboard/orders?tradeNo=t"));
        (await PrepayIdsAsync(page)).ShouldNotContain(theirOrder);

        var operatorPage = await NewPageAsync();
        await operatorPage.GotoAsync(Url("/dashboard/login"));
        await operatorPage.FillAsync("#token", TestServer.AdminTokenValue);
        await operatorPage.ClickAsync("#admin-submit");
        await operatorPage.WaitForURLAsync(Url("/dashboard/orders"));
        await operatorPage.GotoAsync(Url($"/dashboard/orders?merchant={theirs.MerchantId}"));
        (await PrepayIdsAsync(operatorPage)).ShouldBe([theirOrder]);
        (await (await operatorPage.GotoAsync(Url($"/dashboard/orders/{myOrder}")))!.TextAsync())
            .ShouldContain(myOrder.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task WaitForMarksAsync(IPage page, ILocator row, int delivered)
    {
        // The page has no script: reload until the dispatcher has recorded the attempt (bounded by the page timeout).
        var deadline = DateTime.UtcNow.AddMilliseconds(HeadlessChromium.DefaultTimeoutMs);
        while (await row.Locator(".mark.ok").CountAsync() < delivered)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{delivered} delivered attempts shown");
            await Task.Delay(200);
            await page.ReloadAsync();
        }
    }

    private static async Task<List<long>> PrepayIdsAsync(IPage page) =>
        [.. (await page.Locator("#orders tr[data-prepay-id]").EvaluateAllAsync<string[]>(
                "rows => rows.map(r => r.getAttribute('data-prepay-id'))"))
            .Select(id => long.Parse(id, CultureInfo.InvariantCulture))];

    private async Task SignInAsync(IPage page, TestMerchant merchant)
    {
        await page.GotoAsync(Url("/dashboard/login"));
        await page.FillAsync("#apiKey", merchant.ApiKey);
        await page.FillAsync("#apiSecret", merchant.ApiSecret);
        await page.ClickAsync("#merchant-submit");
        await page.WaitForURLAsync(Url("/dashboard/orders"));
    }

    private string Url(string path) => new Uri(Server.BaseUri, path).ToString();

    private Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(1280, 800);

    private Task ScreenshotAsync(IPage page, string name) =>
        HeadlessChromium.ScreenshotAsync(page, $"{name}-{GetType().Name}.png", output);
}

public sealed class SqliteDashboardBrowserTests(SqliteDashboardServer fixture, ITestOutputHelper output)
    : DashboardBrowserTests(fixture, output), IClassFixture<SqliteDashboardServer>;

public sealed class PostgresDashboardBrowserTests(PostgresDashboardServer fixture, ITestOutputHelper output)
    : DashboardBrowserTests(fixture, output), IClassFixture<PostgresDashboardServer>;
