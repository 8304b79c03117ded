using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine submerchant add|modify</c>, <c>citrine buyer kyc</c> and <c>citrine order verify-payer</c>
/// against a running server.</summary>
public abstract class SubMerchantCommandTests(Store store)
{
    [Fact]
    public async Task Add_modify_kyc_and_verify_payer_print_the_wire_answers()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var client = server.Signed(merchant);

        var (addExit, added) = await SignedAsync(server, merchant, "submerchant", "add", "--name", "Cli Kiosk",
            "--store-type", "both", "--mcc", "1040", "--site-url", "https://kiosk.example", "--address", "1 Road",
            "--country", "SG,US", "--block-country", "US", "--block-country", "KP");
        addExit.ShouldBe(0, added.ToString());
        var subId = added.GetProperty("subMerchantId").GetInt64().ToString(CultureInfo.InvariantCulture);
        subId.Length.ShouldBe(16);

        var (dupExit, dup) = await SignedAsync(server, merchant, "submerchant", "add", "--name", "Cli Kiosk",
            "--store-type", "online", "--mcc", "1040", "--site-url", "https://kiosk.example");
        dupExit.ShouldNotBe(0);
        dup.GetProperty("code").GetString().ShouldBe("400205");

        // A US buyer cannot pay an order of the sub-merchant until modify lifts the block.
        var buyerId = await server.CreateBuyerAsync("Cli Payer", new() { ["USDT"] = "100" });
        var (kycExit, kycText) = await AdminAsync(server, "buyer", "kyc", Text(buyerId), "--first-name", "Ann",
            "--last-name", "Lee", "--date-of-birth", "1990-01-31", "--nationality", "us", "--json");
        kycExit.ShouldBe(0, kycText);
        JsonDocument.Parse(kycText).RootElement.GetProperty("kyc").GetProperty("nationality").GetString()
            .ShouldBe("US");
        var order = Orders.V2();
        order["merchant"] = new Dictionary<string, object?> { ["subMerchantId"] = subId };
        var prepayId = await client.CreateOrderAsync(order);
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("409003");
        var (modExit, modified) = await SignedAsync(server, merchant, "submerchant", "modify", "--sub-merchant-id",
            subId, "--name", "Cli Kiosk", "--store-type", "physical", "--mcc", "1040", "--address", "2 Road");
        modExit.ShouldBe(0, modified.ToString());
        modified.GetProperty("subMerchantId").GetInt64().ToString(CultureInfo.InvariantCulture).ShouldBe(subId);
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");

        var binanceId = (await server.AdminGetAsync($"/admin/buyers/{buyerId}")).Data.GetProperty("binanceId")
            .GetInt64().ToString(CultureInfo.InvariantCulture);
        var (vExit, verified) = await SignedAsync(server, merchant, "order", "verify-payer", "--binance-id", binanceId,
            "--info", "FIRST_NAME=Ann", "--info", "DATE_OF_BIRTH=1990-01-31", "--prepay-id", Text(prepayId));
        vExit.ShouldBe(0, verified.ToString());
        verified.GetProperty("matches").GetBoolean().ShouldBeTrue();
        var (mExit, mismatch) = await SignedAsync(server, merchant, "order", "verify-payer", "--binance-id",
            binanceId, "--info", "LAST_NAME=Smith");
        mExit.ShouldBe(0, mismatch.ToString());
        mismatch.GetProperty("matches").GetBoolean().ShouldBeFalse();
        var (uExit, unknown) = await SignedAsync(server, merchant, "order", "verify-payer", "--binance-id", "1");
        uExit.ShouldNotBe(0);
        unknown.GetProperty("code").GetString().ShouldBe("400601");
        var (badExit, _) = await SignedRawAsync(server, merchant, "submerchant", "add", "--name", "X",
            "--store-type", "sideways", "--mcc", "1040");
        badExit.ShouldBe(ExitCodes.Validation);
    }

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<(int Exit, JsonElement Output)> SignedAsync(TestServer server, TestMerchant merchant,
        params string[] args)
    {
        var (exit, text) = await SignedRawAsync(server, merchant, args);
        return (exit, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<(int Exit, string Output)> SignedRawAsync(TestServer server, TestMerchant merchant,
        params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
        [
            .. args, "--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--json",
        ], output);
        return (exit, output.ToString());
    }

    private static async Task<(int Exit, string Output)> AdminAsync(TestServer server, params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
            [.. args, "--server", server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue], output);
        return (exit, output.ToString());
    }
}

public sealed class SqliteSubMerchantCommandTests() : SubMerchantCommandTests(Store.Sqlite);

public sealed class PostgresSubMerchantCommandTests() : SubMerchantCommandTests(Store.Postgres);
