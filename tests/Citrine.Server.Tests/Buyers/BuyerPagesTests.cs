using System.Globalization;
using Citrine.Application;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Buyers;

/// <summary>
/// The checkout and contract signing pages in headless Chromium offer only the buyers the order's or contract's
/// merchant may use, and refuse a posted foreign buyer exactly like an unknown one (docs/sandbox.md#buyers).
/// </summary>
public abstract class BuyerPagesTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task The_checkout_offers_only_usable_buyers_and_refuses_a_foreign_one()
    {
        var (merchant, mine, foreign, shared) = await ThreeBuyersAsync();
        var created = await merchant.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        var prepayId = long.Parse(created.Data.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(created.Data.GetProperty("checkoutUrl").GetString()!);
        var offered = await page.EvalOnSelectorAllAsync<string[]>("#buyer option", "os => os.map(o => o.value)");
        offered.ShouldContain(Text(mine));
        offered.ShouldContain(Text(shared));
        offered.ShouldNotContain(Text(foreign));

        // A tampered form posting the foreign buyer reads as an unknown buyer; nothing is paid.
        await page.EvaluateAsync("v => { document.querySelector('#buyer option').value = v; }", Text(foreign));
        await page.ClickAsync("#pay");
        await page.WaitForSelectorAsync("#error");
        (await page.TextContentAsync("#error")).ShouldBe($"409002 SANDBOX_BUYER_NOT_FOUND: buyerId: no sandbox buyer {foreign}");
        (await merchant.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
        (await Server.BuyerBalancesAsync(foreign))["USDT"].ShouldBe("100.00000000");
    }

    [Fact]
    public async Task The_contract_page_offers_only_usable_buyers_and_refuses_a_foreign_one()
    {
        var (merchant, mine, foreign, shared) = await ThreeBuyersAsync();
        var code = ContractBodies.NewCode();
        var created = await merchant.CreateContractAsync(ContractBodies.OneOff(code));

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(created.GetProperty("qrContent").GetString()!);
        var offered = await page.EvalOnSelectorAllAsync<string[]>("#buyerId option", "os => os.map(o => o.value)");
        offered.ShouldContain(Text(mine));
        offered.ShouldContain(Text(shared));
        offered.ShouldNotContain(Text(foreign));

        await page.EvaluateAsync("v => { document.querySelector('#buyerId option').value = v; }", Text(foreign));
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#error");
        (await page.TextContentAsync("#error")).ShouldBe($"buyerId: no sandbox buyer {foreign}");
        (await page.TextContentAsync("#status")).ShouldBe("INITIAL");
        (await Server.OutboxAsync(merchant.Merchant.MerchantId)).ShouldBeEmpty();

        // Signing as one of the offered buyers works.
        await page.SelectOptionAsync("#buyerId", Text(mine));
        await page.ClickAsync("#sign");
        await page.WaitForSelectorAsync("#contractId");
        (await page.TextContentAsync("#openUserId")).ShouldBe(Ids.OpenUserId(mine, merchant.Merchant.MerchantId));
    }

    /// <summary>A direct-debit merchant with its own buyer, another merchant's buyer and a shared one, each funded
    /// with 100 USDT.</summary>
    private async Task<(SignedHttp Merchant, long Mine, long Foreign, long Shared)> ThreeBuyersAsync()
    {
        var merchant = await Server.NewDirectDebitMerchantAsync();
        var other = await Server.NewDirectDebitMerchantAsync();
        var funds = new { USDT = "100" };
        var mine = (await merchant.PostAsync("/sandbox/buyers", new { name = "Mine", funds })).Data;
        var foreign = (await other.PostAsync("/sandbox/buyers", new { name = "Foreign", funds })).Data;
        var shared = await Server.CreateBuyerAsync("Shared", new() { ["USDT"] = "100" });
        return (merchant, mine.GetProperty("buyerId").GetInt64(), foreign.GetProperty("buyerId").GetInt64(), shared);
    }

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class SqliteBuyerPagesTests(SqlitePaymentServer fixture)
    : BuyerPagesTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresBuyerPagesTests(PostgresPaymentServer fixture)
    : BuyerPagesTests(fixture), IClassFixture<PostgresPaymentServer>;
