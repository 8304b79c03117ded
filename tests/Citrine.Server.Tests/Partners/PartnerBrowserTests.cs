using System.Globalization;
using System.Text.Json;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Server.Tests.Payments;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using Microsoft.Playwright;
using static Citrine.Server.Tests.Partners.PartnerKit;

namespace Citrine.Server.Tests.Partners;

/// <summary>
/// The partner consent pages in real headless Chromium (Debian's <c>chromium</c>, path from <c>CITRINE_CHROMIUM</c>),
/// JavaScript off as well as on: a buyer agrees to share its Binance ID (SHARE_ACCOUNT_ID verified with the reference
/// verifier), an expired request shows EXPIRED with no button, and a merchant signs in with its API key to authorise or
/// reject a service provider (TECH_PROVIDER verified).
/// </summary>
public abstract class PartnerBrowserTests(ServerFixture fixture) : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    private TestServer Server => fixture.Server;

    public async ValueTask InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_buyer_agrees_on_the_consent_page_without_javascript_and_the_merchant_gets_its_Binance_ID()
    {
        await using var site = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync("Consent Shop", site.Url));
        var certificates = await WebhookKit.CertificatesAsync(client);
        var (buyerId, binanceId) = await OwnBuyerAsync(client, "Browser Betty");
        var requestId = NewRequestId();
        var created = await client.PostAsync(SharePath, new { requestId });
        created.Code.ShouldBe("000000", created.ToString());

        var page = await NewPageAsync(javaScript: false);
        await page.GotoAsync(created.Data.GetProperty("qrcodeContent").GetString()!);
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("CREATED");
        (await page.Locator("img.qr").CountAsync()).ShouldBe(1);
        await page.SelectOptionAsync("#buyer", buyerId.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#status[data-status=SHARED]");
        (await page.Locator(".state").InnerTextAsync()).ShouldContain("shared");
        (await page.Locator("#approve").CountAsync()).ShouldBe(0);

        var webhook = await NextOfTypeAsync(site, "SHARE_ACCOUNT_ID");
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var data = JsonDocument.Parse(JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetString()!)
            .RootElement;
        data.GetProperty("userBinanceId").GetString().ShouldBe(binanceId);
        data.GetProperty("requestId").GetString().ShouldBe(requestId);
    }

    [Fact]
    public async Task The_buyer_list_holds_only_buyers_the_merchant_may_use_and_an_expired_request_shows_no_button()
    {
        var a = Server.Signed(await Server.CreateMerchantAsync("Shop A"));
        var b = Server.Signed(await Server.CreateMerchantAsync("Shop B"));
        var (own, _) = await OwnBuyerAsync(a, "A's buyer");
        var (foreign, _) = await OwnBuyerAsync(b, "B's buyer");
        var created = await a.PostAsync(SharePath, new { requestId = NewRequestId() });
        var page = await NewPageAsync(javaScript: true);
        await page.GotoAsync(created.Data.GetProperty("qrcodeContent").GetString()!);
        var options = await page.Locator("#buyer option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        options.ShouldContain(own.ToString(CultureInfo.InvariantCulture));
        options.ShouldNotContain(foreign.ToString(CultureInfo.InvariantCulture));

        await AdvanceAsync(a, 3_600_000 + 1_000);
        await page.ReloadAsync();
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("EXPIRED");
        (await page.Locator(".state").InnerTextAsync()).ShouldContain("expired");
        (await page.Locator("#approve").CountAsync()).ShouldBe(0);
        (await OutboxCountAsync(Server, a.Merchant.MerchantId, "SHARE_ACCOUNT_ID")).ShouldBe(0);
    }

    [Fact]
    public async Task A_merchant_signs_in_with_its_key_to_authorise_a_provider_and_another_key_is_refused()
    {
        await using var providerSite = await LoopbackReceiver.StartAsync();
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider", providerSite.Url));
        var certificates = await WebhookKit.CertificatesAsync(provider);
        var target = await Server.CreateMerchantAsync("Authorising Shop");
        var stranger = await Server.CreateMerchantAsync("Stranger");
        var (redirect, authorizationId) = await TspKit.RequestAsync(Server, provider, target.MerchantId, "CHECKOUT");

        var page = await NewPageAsync(javaScript: false);
        await page.GotoAsync(redirect);
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("PENDING");
        (await page.Locator("#scopes").InnerTextAsync()).ShouldBe("CHECKOUT");

        await page.FillAsync("#apiKey", stranger.ApiKey);
        await page.FillAsync("#apiSecret", stranger.ApiSecret);
        await page.ClickAsync("#approve");
        (await page.Locator("#error").InnerTextAsync()).ShouldContain("400004");
        (await page.Locator("#status").GetAttributeAsync("data-status")).ShouldBe("PENDING");

        await page.FillAsync("#apiKey", target.ApiKey);
        await page.FillAsync("#apiSecret", "wrong" + target.ApiSecret);
        await page.ClickAsync("#approve");
        (await page.Locator("#error").InnerTextAsync()).ShouldContain("Wrong API key or secret");

        await page.FillAsync("#apiKey", target.ApiKey);
        await page.FillAsync("#apiSecret", target.ApiSecret);
        await page.ClickAsync("#approve");
        await page.WaitForSelectorAsync("#status[data-status=AUTHORIZED]");

        var webhook = await NextOfTypeAsync(providerSite, "TECH_PROVIDER");
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var body = JsonDocument.Parse(webhook.Body).RootElement;
        body.GetProperty("bizStatus").GetString().ShouldBe("SUBMIT_AUTH_AGREE");
        body.GetProperty("bizIdStr").GetString().ShouldBe(authorizationId);
        var data = JsonDocument.Parse(body.GetProperty("data").GetString()!).RootElement;
        data.GetProperty("merchantId").GetInt64().ShouldBe(target.MerchantId);
        data.GetProperty("merchantName").GetString().ShouldBe("Authorising Shop");
        data.GetProperty("authorizationToken").GetString()!.Length.ShouldBe(32);
        data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["CHECKOUT"]);
        var record = await provider.PostAsync(TspPrefix + "record/get",
            new { merchantId = target.MerchantId.ToString(CultureInfo.InvariantCulture) });
        record.Data.GetProperty("status").GetString().ShouldBe("AUTHORIZED");
        record.Data.GetProperty("authorizationToken").GetString()
            .ShouldBe(data.GetProperty("authorizationToken").GetString());
    }

    [Fact]
    public async Task A_merchant_rejects_a_provider_on_the_review_page()
    {
        await using var providerSite = await LoopbackReceiver.StartAsync();
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider", providerSite.Url));
        var target = await Server.CreateMerchantAsync("Wary Shop");
        var (redirect, _) = await TspKit.RequestAsync(Server, provider, target.MerchantId, "REFUND");

        var page = await NewPageAsync(javaScript: true);
        await page.GotoAsync(redirect);
        await page.FillAsync("#apiKey", target.ApiKey);
        await page.FillAsync("#apiSecret", target.ApiSecret);
        await page.ClickAsync("#reject");
        await page.WaitForSelectorAsync("#status[data-status=REJECTED]");
        (await page.Locator("#approve").CountAsync()).ShouldBe(0);

        var webhook = await NextOfTypeAsync(providerSite, "TECH_PROVIDER");
        JsonDocument.Parse(webhook.Body).RootElement.GetProperty("bizStatus").GetString()
            .ShouldBe("SUBMIT_AUTH_REJECT");
        var record = await provider.PostAsync(TspPrefix + "record/get",
            new { merchantId = target.MerchantId.ToString(CultureInfo.InvariantCulture) });
        record.Data.GetProperty("status").GetString().ShouldBe("REJECTED");
        record.Data.GetProperty("authorizationToken").GetString().ShouldBe("");
    }

    private Task<IPage> NewPageAsync(bool javaScript) => _chromium!.NewPageAsync(480, 900, javaScript);
}

public sealed class SqlitePartnerBrowserTests(SqlitePaymentServer fixture)
    : PartnerBrowserTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresPartnerBrowserTests(PostgresPaymentServer fixture)
    : PartnerBrowserTests(fixture), IClassFixture<PostgresPaymentServer>;
