using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine partner …</c> against a running server: share account id and its sandbox approval, the
/// provider role (admin), an authorisation request and its records, and a merchant QR scan.</summary>
public abstract class PartnerCommandTests(Store store)
{
    [Fact]
    public async Task Share_approve_provider_request_show_list_and_qr_scan_print_the_wire_answers()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var target = await server.CreateMerchantAsync("Target");
        var buyer = await server.Signed(merchant).PostAsync("/sandbox/buyers", new { name = "Cli Sharer" });
        var buyerId = buyer.Data.GetProperty("buyerId").GetInt64();

        var (sExit, share) = await RunAsync(server, merchant, "partner", "share", "--request-id", "clishare1");
        sExit.ShouldBe(0, share.ToString());
        share.GetProperty("qrcodeContent").GetString()!.ShouldContain("/share/");
        var (aExit, approved) = await RunAsync(server, merchant, "partner", "share-approve", "clishare1", "--buyer",
            buyerId.ToString(CultureInfo.InvariantCulture));
        aExit.ShouldBe(0, approved.ToString());
        approved.GetProperty("requestId").GetString().ShouldBe("clishare1");

        var (offExit, off) = await RunAsync(server, merchant, "partner", "provider-config");
        offExit.ShouldNotBe(0);
        off.GetProperty("code").GetString().ShouldBe("400606");
        using (var adminOutput = new StringWriter())
        {
            var adminExit = await CitrineCli.RunAsync(
            [
                "partner", "provider-enable", merchant.MerchantId.ToString(CultureInfo.InvariantCulture),
                "--scope", "CHECKOUT", "--server", server.BaseUri.ToString(), "--admin-token",
                TestServer.AdminTokenValue, "--json",
            ], adminOutput);
            adminExit.ShouldBe(0, adminOutput.ToString());
            JsonDocument.Parse(adminOutput.ToString()).RootElement.GetProperty("allowScopes")[0].GetString()
                .ShouldBe("CHECKOUT");
        }

        var (cExit, config) = await RunAsync(server, merchant, "partner", "provider-config");
        cExit.ShouldBe(0, config.ToString());
        var targetId = target.MerchantId.ToString(CultureInfo.InvariantCulture);
        var (rExit, requested) = await RunAsync(server, merchant, "partner", "provider-request", "--merchant", targetId,
            "--scope", "CHECKOUT", "--ip", "203.0.113.7");
        rExit.ShouldBe(0, requested.ToString());
        requested.GetProperty("status").GetString().ShouldBe("PENDING");
        requested.GetProperty("redirectUrl").GetString()!.ShouldContain("/tsp/review-authorization?authId=");
        var (gExit, shown) = await RunAsync(server, merchant, "partner", "provider-show", targetId);
        gExit.ShouldBe(0, shown.ToString());
        shown.GetProperty("merchantName").GetString().ShouldBe("Target");
        var (lExit, list) = await RunAsync(server, merchant, "partner", "provider-list");
        lExit.ShouldBe(0, list.ToString());
        list.GetProperty("total").GetInt64().ShouldBe(1);

        var (qExit, scan) = await RunAsync(server, merchant, "partner", "qr-scan", "https://pay.partner.example/qr/cli");
        qExit.ShouldBe(0, scan.ToString());
        scan.GetProperty("qrCodeType").GetString().ShouldBe("FIXED_AMOUNT");
        scan.GetProperty("referId").GetString()!.ShouldNotBeEmpty();
    }

    private static async Task<(int Exit, JsonElement Output)> RunAsync(TestServer server, TestMerchant merchant,
        params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
        [
            .. args, "--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--json",
        ], output);
        return (exit, JsonDocument.Parse(output.ToString()).RootElement.Clone());
    }
}

public sealed class SqlitePartnerCommandTests() : PartnerCommandTests(Store.Sqlite);

public sealed class PostgresPartnerCommandTests() : PartnerCommandTests(Store.Postgres);
