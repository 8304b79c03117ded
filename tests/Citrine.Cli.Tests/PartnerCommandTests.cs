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

    [Fact]
    public async Task Provider_authorization_changes_the_scopes_of_an_authorised_one_and_disables_it()
    {
        await using var server = await TestServer.StartAsync(store);
        var provider = await server.CreateMerchantAsync("Provider");
        var target = await server.CreateMerchantAsync("Target");
        var made = await server.AdminPostAsync($"/admin/merchants/{provider.MerchantId}/service-provider", new { });
        made.Code.ShouldBe("000000", made.ToString());
        var (_, requested) = await RunAsync(server, provider, "partner", "provider-request", "--merchant",
            target.MerchantId.ToString(CultureInfo.InvariantCulture), "--scope", "CHECKOUT", "--ip", "203.0.113.7");
        var id = requested.GetProperty("authorizationId").GetString()!;
        (await server.ReviewAuthorizationAsync(id, target, "approve")).ShouldBe(200);

        var (exit, changed) = await AdminAsync(server, "partner", "provider-authorization", id, "--scope", "BALANCE",
            "--scope", "REFUND");
        exit.ShouldBe(0, changed.ToString());
        changed.GetProperty("status").GetString().ShouldBe("AUTHORIZED");
        changed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BALANCE", "REFUND"]);
        var (_, shown) = await RunAsync(server, provider, "partner", "provider-show",
            target.MerchantId.ToString(CultureInfo.InvariantCulture));
        shown.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BALANCE", "REFUND"]);

        var (dExit, disabled) = await AdminAsync(server, "partner", "provider-authorization", id, "--disable");
        dExit.ShouldBe(0, disabled.ToString());
        disabled.GetProperty("status").GetString().ShouldBe("DISABLED");

        using var refused = new StringWriter();
        (await CitrineCli.RunAsync(["partner", "provider-authorization", id, "--scope", "BALANCE", "--server",
            server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue], refused)).ShouldNotBe(0);
        refused.ToString().ShouldContain("400001");
        using var neither = new StringWriter();
        (await CitrineCli.RunAsync(["partner", "provider-authorization", id, "--server", server.BaseUri.ToString(),
            "--admin-token", TestServer.AdminTokenValue], neither)).ShouldNotBe(0);
        neither.ToString().ShouldContain("--scope");
    }

    private static async Task<(int Exit, JsonElement Output)> AdminAsync(TestServer server, params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
            [.. args, "--server", server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue, "--json"],
            output);
        return (exit, JsonDocument.Parse(output.ToString()).RootElement.Clone());
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
