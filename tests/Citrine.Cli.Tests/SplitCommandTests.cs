using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine split receiver add|list|delete</c> and <c>citrine split submit|show|return</c> against a
/// running server.</summary>
public abstract class SplitCommandTests(Store store)
{
    [Fact]
    public async Task Receiver_submit_show_and_return_print_the_wire_answers()
    {
        await using var server = await TestServer.StartAsync(store, o => o.SweepIntervalMs = 50);
        var merchant = await server.CreateMerchantAsync();
        var client = server.Signed(merchant);
        var buyerId = await server.CreateBuyerAsync("Cli Receiver", new() { ["USDT"] = "100" });
        var account = (await server.AdminGetAsync($"/admin/buyers/{buyerId}")).Data.GetProperty("binanceId").GetInt64()
            .ToString(CultureInfo.InvariantCulture);
        var order = Orders.V2(amount: 10m);
        order["orderTags"] = new Dictionary<string, object?> { ["ifProfitSharing"] = true };
        var prepayId = (await client.CreateOrderAsync(order)).ToString(CultureInfo.InvariantCulture);
        (await client.SandboxPayAsync(long.Parse(prepayId, CultureInfo.InvariantCulture), buyerId)).Code.ShouldBe("000000");

        var (addExit, added) = await CliRunner.AsMerchantAsync(server, merchant, "split", "receiver", "add", "--account", account);
        addExit.ShouldBe(0, added.ToString());
        added.GetProperty("account").GetString().ShouldBe(account);
        var (listExit, list) = await CliRunner.AsMerchantAsync(server, merchant, "split", "receiver", "list");
        listExit.ShouldBe(0, list.ToString());
        list.GetProperty("accountList").EnumerateArray().Select(a => a.GetString()).ShouldBe([account]);

        string[] submit = ["split", "submit", "--prepay-id", prepayId, "--to", $"{account}:2.5", "--request-id", "cli-s1"];
        var (sExit, split) = await CliRunner.AsMerchantAsync(server, merchant, submit);
        sExit.ShouldBe(0, split.ToString());
        split.GetProperty("status").GetInt32().ShouldBe(0);
        split.GetProperty("replay").GetBoolean().ShouldBeFalse();
        var (rExit, replay) = await CliRunner.AsMerchantAsync(server, merchant, submit);
        rExit.ShouldBe(0, replay.ToString());
        replay.GetProperty("replay").GetBoolean().ShouldBeTrue();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement shown;
        do
        {
            await Task.Delay(100);
            var (qExit, answer) = await CliRunner.AsMerchantAsync(server, merchant, "split", "show", "--prepay-id", prepayId,
                "--request-id", "cli-s1");
            qExit.ShouldBe(0, answer.ToString());
            shown = answer;
            DateTime.UtcNow.ShouldBeLessThan(deadline);
        }
        while (shown.GetProperty("status").GetInt32() != 2);

        var (retExit, back) = await CliRunner.AsMerchantAsync(server, merchant, "split", "return", "--prepay-id", prepayId,
            "--request-id", "cli-s1", "--account", account, "--amount", "1", "--return-no", "cli-r1");
        retExit.ShouldBe(0, back.ToString());
        back.GetProperty("status").GetInt32().ShouldBe(2);

        var (badExit, _) = await CliRunner.AsMerchantRawAsync(server, merchant, "split", "submit", "--prepay-id", prepayId, "--to", "oops");
        badExit.ShouldBe(ExitCodes.Validation);
        var (missingExit, missing) = await CliRunner.AsMerchantAsync(server, merchant, "split", "show", "--prepay-id", prepayId,
            "--request-id", "none");
        missingExit.ShouldNotBe(0);
        missing.GetProperty("code").GetString().ShouldBe("400202");
        var (delExit, deleted) = await CliRunner.AsMerchantAsync(server, merchant, "split", "receiver", "delete", "--account", account);
        delExit.ShouldBe(0, deleted.ToString());
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Merchant_update_accepts_splits_lets_another_merchant_register_it_as_a_receiver()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var seller = await server.CreateMerchantAsync("Cli Seller");
        var account = seller.MerchantId.ToString(CultureInfo.InvariantCulture);

        var (refusedExit, refused) = await CliRunner.AsMerchantAsync(server, merchant, "split", "receiver", "add", "--account", account);
        refusedExit.ShouldNotBe(0);
        refused.GetProperty("code").GetString().ShouldBe("400102");

        var (_, updated) = await CliRunner.AsAdminAsync(server, "merchant", "update", account, "--accepts-splits", "true");
        updated.GetProperty("acceptsSplits").GetBoolean().ShouldBeTrue();

        var (addExit, added) = await CliRunner.AsMerchantAsync(server, merchant, "split", "receiver", "add", "--account", account);
        addExit.ShouldBe(0, added.ToString());
        added.GetProperty("account").GetString().ShouldBe(account);
    }
}

public sealed class SqliteSplitCommandTests() : SplitCommandTests(Store.Sqlite);

public sealed class PostgresSplitCommandTests() : SplitCommandTests(Store.Postgres);
