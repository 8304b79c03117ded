using System.Net;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>Sandbox buyers through the admin API: creation, funding and their rules.</summary>
public abstract class BuyerAdminTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_buyer_is_created_with_several_assets_and_funded_again()
    {
        var created = await Server.AdminPostAsync("/admin/buyers",
            new { name = "Alice", funds = new Dictionary<string, object> { ["USDT"] = "1000", ["BNB"] = 2 } });
        created.Code.ShouldBe("000000", created.ToString());
        var buyerId = created.Data.GetProperty("buyerId").GetInt64();
        created.Data.GetProperty("name").GetString().ShouldBe("Alice");
        (await Server.BuyerBalancesAsync(buyerId)).ShouldBe(new Dictionary<string, string>
        {
            ["BNB"] = "2.00000000",
            ["USDT"] = "1000.00000000",
        });

        var funded = await Server.AdminPostAsync($"/admin/buyers/{buyerId}/fund",
            new { funds = new Dictionary<string, object> { ["USDT"] = 0.00000001m, ["BTC"] = "0.5" } });
        funded.Code.ShouldBe("000000", funded.ToString());
        (await Server.BuyerBalancesAsync(buyerId)).ShouldBe(new Dictionary<string, string>
        {
            ["BNB"] = "2.00000000",
            ["BTC"] = "0.50000000",
            ["USDT"] = "1000.00000001",
        });

        var list = await Server.AdminGetAsync("/admin/buyers");
        list.Data.EnumerateArray().ShouldContain(b => b.GetProperty("buyerId").GetInt64() == buyerId);
        (await Server.BalanceUnitsAsync("sandbox:mint", "BTC")).ShouldBeLessThanOrEqualTo(-50_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{\"funds\":{\"USDT\":\"1\"}}", "400100")]
    [InlineData("{\"name\":\"\"}", "400100")]
    [InlineData("{\"name\":\"A\",\"funds\":{\"DOGE\":\"1\"}}", "400102")]
    [InlineData("{\"name\":\"A\",\"funds\":{\"USDT\":\"0.000000001\"}}", "400101")]
    [InlineData("{\"name\":\"A\",\"funds\":{\"USDT\":\"-5\"}}", "400102")]
    [InlineData("{\"name\":\"A\",\"funds\":{\"USDT\":\"2000000000\"}}", "400102")]
    [InlineData("{\"name\":\"A\",\"funds\":{\"US DT\":\"1\"}}", "400103")]
    [InlineData("{\"name\":\"A\",\"funds\":[\"USDT\"]}", "400100")]
    [InlineData("{\"name\":\"A\",\"funds\":{\"USDT\":\"x\"}}", "400100")]
    [InlineData("[]", "400008")]
    [InlineData("{\"name\":", "400008")]
    public async Task Bad_buyer_requests_get_their_codes(string body, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/buyers")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var answer = await SignedHttp.SendAsync(Server.Http, request);
        answer.Code.ShouldBe(code, answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Funding_an_unknown_buyer_gets_409002_and_a_wallet_is_capped()
    {
        var unknown = await Server.AdminPostAsync("/admin/buyers/1/fund", new { funds = Usdt("1") });
        unknown.Code.ShouldBe("409002", unknown.ToString());
        (await Server.AdminGetAsync("/admin/buyers/1")).HttpStatus.ShouldBe(HttpStatusCode.NotFound);

        var buyerId = await Server.CreateBuyerAsync("Whale", new() { ["USDT"] = "1000000000" });
        for (var i = 0; i < 9; i++)
        {
            (await Server.AdminPostAsync($"/admin/buyers/{buyerId}/fund", new { funds = Usdt("1000000000") }))
                .Code.ShouldBe("000000");
        }

        var over = await Server.AdminPostAsync($"/admin/buyers/{buyerId}/fund", new { funds = Usdt("1") });
        over.Code.ShouldBe("400102", over.ToString());
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("10000000000.00000000");
    }

    // A dictionary, not an anonymous object: the web JSON defaults would camel-case "USDT" to "usdt".
    private static Dictionary<string, string> Usdt(string amount) => new() { ["USDT"] = amount };

    [Fact]
    public async Task The_buyer_API_needs_the_admin_token()
    {
        using var anonymous = new HttpClient { BaseAddress = Server.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/buyers");
        var answer = await SignedHttp.SendAsync(anonymous, request);
        answer.HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        answer.Code.ShouldBe("400004");
    }
}

public sealed class SqliteBuyerAdminTests(SqlitePaymentServer fixture) : BuyerAdminTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresBuyerAdminTests(PostgresPaymentServer fixture) : BuyerAdminTests(fixture), IClassFixture<PostgresPaymentServer>;
