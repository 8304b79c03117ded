using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine payout create</c> and <c>citrine payout query</c> against a running server.</summary>
public abstract class PayoutCommandTests(Store store)
{
    [Fact]
    public async Task Create_replay_and_query_print_the_wire_answers()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var funded = await server.Signed(merchant).PostAsync("/sandbox/wallet/fund",
            new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "30" });
        funded.Code.ShouldBe("000000", funded.ToString());
        var buyerId = await server.CreateBuyerAsync("Cli Receiver");
        var binanceId = (await server.AdminGetAsync($"/admin/buyers/{buyerId}")).Data.GetProperty("binanceId").GetInt64();

        string[] create = ["payout", "create", "--currency", "USDT", "--to", $"BINANCE_ID:{binanceId}:2.5",
            "--to", "PAY_ID:1:1", "--request-id", "cli-p1"];
        var (exit, accepted) = await CliRunner.AsMerchantAsync(server, merchant, create);
        exit.ShouldBe(0, accepted.ToString());
        accepted.GetProperty("requestId").GetString().ShouldBe("cli-p1");
        accepted.GetProperty("status").GetString().ShouldBe("ACCEPTED");
        accepted.GetProperty("replay").GetBoolean().ShouldBeFalse();
        var (rExit, replay) = await CliRunner.AsMerchantAsync(server, merchant, create);
        rExit.ShouldBe(0, replay.ToString());
        replay.GetProperty("replay").GetBoolean().ShouldBeTrue();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement query;
        do
        {
            await Task.Delay(100);
            var (qExit, answer) = await CliRunner.AsMerchantAsync(server, merchant, "payout", "query", "--request-id", "cli-p1");
            qExit.ShouldBe(0, answer.ToString());
            query = answer;
            DateTime.UtcNow.ShouldBeLessThan(deadline);
        }
        while (query.GetProperty("batchStatus").GetString() is "ACCEPTED" or "PROCESSING");

        query.GetProperty("batchStatus").GetString().ShouldBe("PART_SUCCESS");
        var (fExit, failed) = await CliRunner.AsMerchantAsync(server, merchant, "payout", "query", "--request-id", "cli-p1",
            "--status", "FAIL");
        fExit.ShouldBe(0, failed.ToString());
        failed.GetProperty("transferDetailList").EnumerateArray().Select(l => l.GetProperty("merchantSendId").GetString())
            .ShouldBe(["2"]);

        var (badExit, _) = await CliRunner.AsMerchantRawAsync(server, merchant, "payout", "create", "--currency", "USDT", "--to", "oops");
        badExit.ShouldBe(ExitCodes.Validation);
        var (missingExit, missing) = await CliRunner.AsMerchantAsync(server, merchant, "payout", "query", "--request-id", "none");
        missingExit.ShouldNotBe(0);
        missing.GetProperty("code").GetString().ShouldBe("400202");
    }
}

public sealed class SqlitePayoutCommandTests() : PayoutCommandTests(Store.Sqlite);

public sealed class PostgresPayoutCommandTests() : PayoutCommandTests(Store.Postgres);
