using System.Net;
using Citrine.Testing;

namespace Citrine.Server.Tests.Isolation;

/// <summary>
/// No arithmetic path overflows into HTTP 500 (issue 12 item 7): amounts at and beyond the 64-bit range of units are
/// answered with a field code, and a sandbox mint that has issued all it can (its balance at the bottom of the 64-bit
/// range) refuses further funding with a field code and nothing written. Own servers: exhausting the mint of an asset
/// would refuse every later funding of it.
/// </summary>
public abstract class OverflowTests(Store store)
{
    [Theory]
    [InlineData("92233720368.54775807")]
    [InlineData("92233720368.54775808")]
    [InlineData("92233720368547758.07")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1e30")]
    public async Task Extreme_order_amounts_get_a_field_code_never_a_500(string amount)
    {
        await using var server = await TestServer.StartAsync(store);
        var client = server.Signed(await server.CreateMerchantAsync());
        var buyerId = await server.CreateBuyerAsync("Rich", new() { ["USDT"] = "1000" });
        foreach (var currency in new[] { "USDT", "BTC", "EUR" })
        {
            var body = Orders.V2(currency: currency);
            body["orderAmount"] = decimal.TryParse(amount, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : amount;
            var raw = System.Text.Json.JsonSerializer.Serialize(body).Replace("\"orderAmount\":\"" + amount + "\"",
                "\"orderAmount\":" + amount, StringComparison.Ordinal);
            var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", raw);
            ((int)answer.HttpStatus).ShouldBeLessThan(500, answer.ToString());
            if (answer.Code == "000000")
            {
                var prepayId = long.Parse(answer.Data.GetProperty("prepayId").GetString()!,
                    System.Globalization.CultureInfo.InvariantCulture);
                var pay = await client.SandboxPayAsync(prepayId, buyerId, "USDT");
                ((int)pay.HttpStatus).ShouldBeLessThan(500, pay.ToString());
                pay.Code.ShouldNotBe("000000", "a buyer with 1000 USDT cannot pay that");
            }
            else
            {
                answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
                answer.Code.ShouldStartWith("4");
            }
        }

        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_mint_that_has_issued_the_64_bit_range_refuses_funding_with_a_field_code()
    {
        await using var server = await TestServer.StartAsync(store);
        Answer? refused = null;
        var created = 0;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var answer = await server.AdminPostAsync("/admin/buyers",
                new { name = "Whale", funds = new Dictionary<string, string> { ["BNB"] = "1000000000" } });
            ((int)answer.HttpStatus).ShouldBeLessThan(500, answer.ToString());
            if (answer.Code == "000000")
            {
                created++;
            }
            else
            {
                refused = answer;
            }
        }

        refused.ShouldNotBeNull("the mint of BNB can issue about 92 billion coins, 92 such buyers");
        created.ShouldBe(92);
        refused.Code.ShouldBe("400102", refused.ToString());
        refused.ErrorMessage!.ShouldContain("sandbox mint");
        (await server.BalanceUnitsAsync("sandbox:mint", "BNB")).ShouldBe(-92L * 1_000_000_000 * 100_000_000);
        (await server.AuditAsync()).ShouldBeEmpty();

        var merchant = server.Signed(await server.CreateMerchantAsync());
        var wallet = await merchant.PostAsync("/sandbox/wallet/fund",
            new { wallet = "FUNDING_WALLET", currency = "BNB", amount = "1000000000" });
        wallet.Code.ShouldBe("400102", wallet.ToString());
        wallet.ErrorMessage!.ShouldContain("sandbox mint");
    }
}

public sealed class SqliteOverflowTests() : OverflowTests(Store.Sqlite);

public sealed class PostgresOverflowTests() : OverflowTests(Store.Postgres);
