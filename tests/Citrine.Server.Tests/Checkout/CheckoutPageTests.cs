using System.Globalization;
using System.Net;
using System.Text.Json;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Checkout;

/// <summary>The hosted checkout over plain HTTP: links, escaping, headers, the QR image and the form posts.</summary>
public abstract class CheckoutPageTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private static HttpClient Browser(TestServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseUri };

    private async Task<(SignedHttp Client, JsonElement Created)> CreateAsync(Dictionary<string, object?>? body = null)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Shop <b>&</b> \"Co\""));
        var answer = await client.PostAsync("/binancepay/openapi/v2/order", body ?? Orders.V2());
        answer.Code.ShouldBe("000000", answer.ToString());
        return (client, answer.Data);
    }

    [Fact]
    public async Task The_page_shows_the_order_with_every_value_HTML_escaped()
    {
        var body = Orders.V2(amount: 25.17m);
        ((Dictionary<string, object?>)body["goods"]!)["goodsName"] = "<script>alert('x')</script>";
        var (_, created) = await CreateAsync(body);
        using var browser = Browser(Server);

        using var page = await browser.GetAsync(new Uri(created.GetProperty("checkoutUrl").GetString()!));
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldNotContain("<script>alert");
        html.ShouldContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
        html.ShouldNotContain("<b>&</b>");
        html.ShouldContain("Shop &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;");
        html.ShouldContain("25.17 USDT");
        html.ShouldContain("data-status=\"INITIAL\"");
        html.ShouldNotContain("http://", Case.Insensitive, "no external resource, not even our own absolute URL");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'none'");
        csp.ShouldContain("frame-ancestors 'none'");
        page.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task The_QR_code_is_a_PNG()
    {
        var (_, created) = await CreateAsync();
        using var browser = Browser(Server);
        using var png = await browser.GetAsync(new Uri(created.GetProperty("qrcodeLink").GetString()!));
        png.StatusCode.ShouldBe(HttpStatusCode.OK);
        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        var bytes = await png.Content.ReadAsByteArrayAsync();
        bytes.Take(8).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        bytes.Length.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData("qrContent")]
    [InlineData("deeplink")]
    [InlineData("universalUrl")]
    public async Task Every_buyer_link_leads_to_the_checkout_page(string field)
    {
        var body = Orders.V2();
        body["universalUrlAttach"] = "ref=abc";
        var (_, created) = await CreateAsync(body);
        using var browser = Browser(Server);
        using var response = await browser.GetAsync(new Uri(created.GetProperty(field).GetString()!));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(Server.BaseUri, response.Headers.Location!).ShouldBe(new Uri(created.GetProperty("checkoutUrl").GetString()!));
    }

    [Theory]
    [InlineData("/checkout/nosuchcode")]
    [InlineData("/checkout/NOT-A-CODE")]
    [InlineData("/qr/NOT-A-CODE")]
    [InlineData("/payment/secpay?linkToken=%3Cx%3E")]
    [InlineData("/payment/secpay")]
    public async Task Unknown_links_answer_404_pages(string path)
    {
        using var browser = Browser(Server);
        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Checkout not found");
    }

    [Fact]
    public async Task Posting_Pay_redirects_to_returnUrl_and_the_order_is_PAID()
    {
        var buyerId = await Server.CreateBuyerAsync("Bob", new() { ["USDT"] = "100" });
        var body = Orders.V2(amount: 10m);
        body["returnUrl"] = "https://shop.example/return?o=1";
        var (client, created) = await CreateAsync(body);
        using var browser = Browser(Server);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["buyerId"] = buyerId.ToString(CultureInfo.InvariantCulture),
            ["payCurrency"] = "USDT",
        });

        using var response = await browser.PostAsync(new Uri(created.GetProperty("checkoutUrl").GetString() + "/pay"), form);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.ToString().ShouldBe("https://shop.example/return?o=1");
        var prepayId = long.Parse(created.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("PAID");

        using var again = await browser.GetAsync(new Uri(created.GetProperty("checkoutUrl").GetString()!));
        var html = await again.Content.ReadAsStringAsync();
        html.ShouldContain("data-status=\"PAID\"");
        html.ShouldNotContain("id=\"pay\"");
        html.ShouldContain("href=\"https://shop.example/return?o=1\"");
    }

    [Fact]
    public async Task A_failed_payment_shows_the_code_on_the_page_and_leaves_the_order_open()
    {
        var buyerId = await Server.CreateBuyerAsync("Poor", new() { ["USDT"] = "1" });
        var (client, created) = await CreateAsync(Orders.V2(amount: 10m));
        using var browser = Browser(Server);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["buyerId"] = buyerId.ToString(CultureInfo.InvariantCulture),
        });

        using var response = await browser.PostAsync(new Uri(created.GetProperty("checkoutUrl").GetString() + "/pay"), form);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("409001 SANDBOX_INSUFFICIENT_BALANCE");
        var prepayId = long.Parse(created.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
    }

    [Fact]
    public async Task A_form_without_a_buyer_is_answered_with_the_page_not_a_500()
    {
        var (_, created) = await CreateAsync();
        using var browser = Browser(Server);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["buyerId"] = "x'<" });
        using var response = await browser.PostAsync(new Uri(created.GetProperty("checkoutUrl").GetString() + "/pay"), form);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Choose a sandbox buyer");
        using var notForm = await browser.PostAsync(new Uri(created.GetProperty("checkoutUrl").GetString() + "/pay"),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        notForm.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var huge = new FormUrlEncodedContent(new Dictionary<string, string> { ["buyerId"] = new string('1', 10_000) });
        using var tooBig = await browser.PostAsync(new Uri(created.GetProperty("checkoutUrl").GetString() + "/pay"), huge);
        tooBig.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Posting_Cancel_goes_to_cancelUrl_and_leaves_the_order_open()
    {
        var body = Orders.V2();
        body["cancelUrl"] = "https://shop.example/cancelled";
        var (client, created) = await CreateAsync(body);
        using var browser = Browser(Server);
        using var response = await browser.PostAsync(new Uri(created.GetProperty("checkoutUrl").GetString() + "/cancel"),
            new FormUrlEncodedContent([]));
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.ToString().ShouldBe("https://shop.example/cancelled");
        var prepayId = long.Parse(created.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
    }
}

public sealed class SqliteCheckoutPageTests(SqlitePaymentServer fixture) : CheckoutPageTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresCheckoutPageTests(PostgresPaymentServer fixture) : CheckoutPageTests(fixture), IClassFixture<PostgresPaymentServer>;
