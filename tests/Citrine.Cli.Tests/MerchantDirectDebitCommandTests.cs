using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine merchant update &lt;id&gt; --direct-debit true|false</c> against a running server.</summary>
public abstract class MerchantDirectDebitCommandTests(Store store)
{
    private const string CreateContract = "/binancepay/openapi/direct-debit/contract";

    [Fact]
    public async Task The_command_switches_direct_debit_on_and_off()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var client = server.Signed(merchant);
        (await client.PostAsync(CreateContract, Body())).Code.ShouldBe("400606");

        var enabled = await RunAsync(server, merchant.MerchantId, "true");
        enabled.GetProperty("directDebitEnabled").GetBoolean().ShouldBeTrue();
        var created = await client.PostAsync(CreateContract, Body());
        created.Code.ShouldBe("000000", created.ToString());

        var disabled = await RunAsync(server, merchant.MerchantId, "false");
        disabled.GetProperty("directDebitEnabled").GetBoolean().ShouldBeFalse();
        (await client.PostAsync(CreateContract, Body())).Code.ShouldBe("400606");
    }

    private static async Task<JsonElement> RunAsync(TestServer server, long merchantId, string value)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
        [
            "merchant", "update", merchantId.ToString(CultureInfo.InvariantCulture), "--direct-debit", value,
            "--server", server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue, "--json",
        ], output);
        exit.ShouldBe(0, output.ToString());
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    private static object Body() => new
    {
        merchantContractCode = "c" + Guid.NewGuid().ToString("N")[..24],
        serviceName = "Premium plan",
        scenarioCode = "Membership",
        singleUpperLimit = 5,
        currency = "USDT",
        periodic = false,
    };
}

public sealed class SqliteMerchantDirectDebitCommandTests() : MerchantDirectDebitCommandTests(Store.Sqlite);

public sealed class PostgresMerchantDirectDebitCommandTests() : MerchantDirectDebitCommandTests(Store.Postgres);
