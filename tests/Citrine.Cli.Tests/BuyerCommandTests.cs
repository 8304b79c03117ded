using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine buyer …</c> and the demo seed, run in-process against a real server (SQLite).</summary>
public sealed class BuyerCommandTests : IAsyncLifetime
{
    private TestServer? _server;

    private TestServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(Store.Sqlite);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Buyer_create_funds_several_assets_and_list_shows_them()
    {
        var (exit, text) = await RunAsync("buyer", "create", "--name", "Alice", "--fund", "1000", "USDT", "--fund", "2",
            "BNB", "--json");
        exit.ShouldBe(0, text);
        var created = JsonDocument.Parse(text).RootElement;
        var buyerId = created.GetProperty("buyerId").GetInt64();
        created.GetProperty("name").GetString().ShouldBe("Alice");
        created.GetProperty("balances").GetProperty("USDT").GetString().ShouldBe("1000.00000000");
        created.GetProperty("balances").GetProperty("BNB").GetString().ShouldBe("2.00000000");

        (exit, text) = await RunAsync("buyer", "fund", buyerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--fund", "0.5", "btc");
        exit.ShouldBe(0, text);
        text.ShouldContain("0.50000000 BTC");

        (exit, text) = await RunAsync("buyer", "list");
        exit.ShouldBe(0, text);
        text.ShouldContain("Alice");
        text.ShouldContain("1000.00000000 USDT");
    }

    [Fact]
    public async Task A_fund_without_an_asset_or_a_refused_amount_fails_with_one_line()
    {
        var (exit, text) = await RunAsync("buyer", "create", "--name", "Bob", "--fund", "1000");
        exit.ShouldBe(1);
        text.ShouldContain("--fund takes an amount and an asset");

        (exit, text) = await RunAsync("buyer", "create", "--name", "Bob", "--fund", "1", "DOGE");
        exit.ShouldBe(1);
        text.ShouldContain("400102");
        text.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData(new[] { "1000", "USDT", "2", "bnb" }, "USDT=1000,BNB=2")]
    [InlineData(new[] { "USDT", "0.1" }, "USDT=0.1")]
    [InlineData(new string[0], "")]
    public void Fund_pairs_are_amount_and_asset_in_either_order(string[] tokens, string expected) =>
        string.Join(",", BuyerCommand.ParseFunds(tokens).Select(f => $"{f.Key}={f.Value}")).ShouldBe(expected);

    [Fact]
    public async Task The_demo_seed_makes_one_funded_buyer_and_reuses_it()
    {
        using var first = new StringWriter();
        await DemoSeed.RunAsync(Server.App.Services, Server.Options, Server.BaseUri.ToString(), new CliOutput(first),
            CancellationToken.None);
        using var second = new StringWriter();
        await DemoSeed.RunAsync(Server.App.Services, Server.Options, Server.BaseUri.ToString(), new CliOutput(second),
            CancellationToken.None);

        var buyers = (await Server.AdminGetAsync("/admin/buyers")).Data.EnumerateArray().ToList();
        var buyer = buyers.ShouldHaveSingleItem();
        buyer.GetProperty("name").GetString().ShouldBe("Demo Buyer");
        buyer.GetProperty("balances").GetProperty("USDT").GetString().ShouldBe("1000.00000000");
        var id = buyer.GetProperty("buyerId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        first.ToString().ShouldContain(id);
        second.ToString().ShouldContain(id);

        // The demo buyer belongs to the demo merchant, and the seed prints its identity.
        buyer.GetProperty("shared").GetBoolean().ShouldBeFalse();
        var binanceId = buyer.GetProperty("binanceId").GetInt64()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var text in new[] { first.ToString(), second.ToString() })
        {
            text.ShouldContain("binanceId");
            text.ShouldContain(binanceId);
            text.ShouldContain(buyer.GetProperty("email").GetString()!);
            text.ShouldContain(buyer.GetProperty("merchantId").GetInt64()
                .ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Buyer_create_gives_a_buyer_to_a_merchant_or_makes_the_merchants_own_and_payout_check_finds_it()
    {
        var merchant = await Server.CreateMerchantAsync();
        var merchantId = merchant.MerchantId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, text) = await RunAsync("buyer", "create", "--name", "Given", "--merchant-id", merchantId,
            "--binance-id", "777000111222", "--email", "given@example.com", "--mobile-code", "44", "--mobile-number",
            "7700900123", "--json");
        exit.ShouldBe(0, text);
        var given = JsonDocument.Parse(text).RootElement;
        given.GetProperty("merchantId").GetInt64().ShouldBe(merchant.MerchantId);
        given.GetProperty("binanceId").GetInt64().ShouldBe(777000111222);
        given.GetProperty("mobileCode").GetString().ShouldBe("44");

        (exit, text) = await RunAsync("buyer", "create", "--name", "Own", "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--pay-id", "888000111222", "--fund", "5", "USDT", "--json");
        exit.ShouldBe(0, text);
        var own = JsonDocument.Parse(text).RootElement;
        own.GetProperty("merchantId").GetInt64().ShouldBe(merchant.MerchantId);
        own.GetProperty("payId").GetInt64().ShouldBe(888000111222);
        own.GetProperty("balances").GetProperty("USDT").GetString().ShouldBe("5.00000000");

        (exit, text) = await RunAsync("buyer", "create", "--name", "Clash", "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--pay-id", "888000111222");
        exit.ShouldBe(1, text);
        text.ShouldContain("400102");
        text.ReplaceLineEndings("").ShouldContain("payId: another sandbox buyer already has it"); // the line wraps

        (exit, text) = await RunAsync("buyer", "list");
        exit.ShouldBe(0, text);
        text.ShouldContain("777000111222");
        text.ShouldContain("given@example.com");

        var check = new[]
        {
            "payout", "check", "--receiver-id", "777000111222", "--email", "GIVEN@example.com", "--api-key",
            merchant.ApiKey, "--api-secret", merchant.ApiSecret, "--server", Server.BaseUri.ToString(), "--json",
        };
        (exit, text) = await RunPlainAsync(check);
        exit.ShouldBe(0, text);
        text.Trim().ShouldBe("true");
        (exit, text) = await RunPlainAsync([.. check, "--mobile-code", "1"]);
        exit.ShouldBe(0, text);
        text.Trim().ShouldBe("false");
        (exit, text) = await RunPlainAsync(["payout", "check", "--receive-type", "PAY_ID", "--receiver-id",
            "888000111222", "--api-key", merchant.ApiKey, "--api-secret", merchant.ApiSecret, "--server",
            Server.BaseUri.ToString(), "--json"]);
        text.Trim().ShouldBe("true");
    }

    private static async Task<(int Exit, string Output)> RunPlainAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(args, output);
        return (exit, output.ToString());
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
            [.. args, "--server", Server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue], output);
        return (exit, output.ToString());
    }
}
