using Citrine.Application;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Testing;
using Microsoft.Playwright;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// The buyer signs on the hosted page in headless Chromium, reached from the contract's <c>qrContent</c>. Chromium is
/// the system one (<c>CITRINE_CHROMIUM</c>, default /usr/bin/chromium); Playwright never downloads a browser.
/// </summary>
public abstract class ContractSigningPageTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_buyer_signs_on_the_page_and_the_merchant_sees_it_everywhere()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var created = await client.CreateContractAsync(ContractBodies.OneOff(code));
        var buyerId = await client.NewBuyerAsync("Page Signer");

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(created.GetProperty("qrContent").GetString()!);
        response!.Status.ShouldBe(200);
        (await page.TextContentAsync("#serviceName")).ShouldBe("Premium plan");
        (await page.TextContentAsync("#singleUpperLimit")).ShouldBe("5.00000000 USDT");
        (await page.TextContentAsync("#merchantAccountNo")).ShouldBe("alice@example.com");
        (await page.TextContentAsync("#status")).ShouldBe("INITIAL");
        (await page.TextContentAsync("#merchant"))!.ShouldContain("Test Shop");
        var qr = await page.EvaluateAsync<int>("() => document.querySelector('img').naturalWidth");
        qr.ShouldBeGreaterThan(0);

        await page.SelectOptionAsync("#buyerId", buyerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#contractId");
        (await page.TextContentAsync("#status")).ShouldBe("CONTRACT_SIGNED");
        var contractId = long.Parse((await page.TextContentAsync("#contractId"))!,
            System.Globalization.CultureInfo.InvariantCulture);
        var openUserId = Ids.OpenUserId(buyerId, client.Merchant.MerchantId);
        (await page.TextContentAsync("#openUserId")).ShouldBe(openUserId);
        (await page.QuerySelectorAsync("#sign")).ShouldBeNull();

        var query = await client.QueryByCodeAsync(code);
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_SIGNED");
        query.Data.GetProperty("contractId").GetInt64().ShouldBe(contractId);
        query.Data.GetProperty("openUserId").GetString().ShouldBe(openUserId);
        var row = (await Server.OutboxAsync(client.Merchant.MerchantId)).ShouldHaveSingleItem();
        row.BizStatus.ShouldBe("CONTRACT_SIGNED");
        row.BizId.ShouldBe(contractId);

        // A reload shows the outcome and signs nothing again.
        await page.ReloadAsync();
        (await page.TextContentAsync("#status")).ShouldBe("CONTRACT_SIGNED");
        (await Server.OutboxAsync(client.Merchant.MerchantId)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_bad_buyer_id_shows_an_error_and_signs_nothing(string buyerId)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var created = await client.CreateContractAsync();
        await client.NewBuyerAsync();
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(created.GetProperty("qrContent").GetString()!);

        // The page offers only real buyers: a tampered form posts the bad value.
        await page.EvaluateAsync("v => { const o = document.querySelector('#buyerId option'); o.value = v; }",
            buyerId);
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#error");
        (await page.TextContentAsync("#status")).ShouldBe("INITIAL");
        (await Server.OutboxAsync(client.Merchant.MerchantId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_contract_signed_elsewhere_cannot_be_signed_again_from_an_open_page()
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var code = ContractBodies.NewCode();
        var created = await client.CreateContractAsync(ContractBodies.OneOff(code));
        var (first, second) = (await client.NewBuyerAsync(), await client.NewBuyerAsync());
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(created.GetProperty("qrContent").GetString()!);
        await client.SignAsync(code, first);

        await page.SelectOptionAsync("#buyerId", second.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#error");
        (await page.TextContentAsync("#error"))!.ShouldContain("CONTRACT_SIGNED");
        (await page.TextContentAsync("#openUserId")).ShouldBe(Ids.OpenUserId(first, client.Merchant.MerchantId));
    }

    [Fact]
    public async Task An_unknown_page_is_a_404()
    {
        using var unknown = await Server.Http.GetAsync("/contract/" + new string('a', 32));
        unknown.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("No such contract");
        using var malformed = await Server.Http.GetAsync("/contract/..%2Fadmin/qr.png");
        malformed.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}

public sealed class SqliteContractSigningPageTests(SqliteServer fixture)
    : ContractSigningPageTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresContractSigningPageTests(PostgresServer fixture)
    : ContractSigningPageTests(fixture), IClassFixture<PostgresServer>;
