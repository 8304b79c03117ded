using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine balance</c> and <c>citrine transfer</c> (+ <c>transfer query</c>) against a running
/// server.</summary>
public abstract class WalletCommandTests(Store store)
{
    [Fact]
    public async Task Balance_transfer_and_query_print_the_wire_answers()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var funded = await server.Signed(merchant).PostAsync("/sandbox/wallet/fund",
            new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "30" });
        funded.Code.ShouldBe("000000", funded.ToString());

        var (exit, balance) = await CliRunner.AsMerchantAsync(server, merchant, "balance", "--currency", "USDT");
        exit.ShouldBe(0, balance.ToString());
        balance.GetProperty("wallet").GetString().ShouldBe("FUNDING_WALLET");
        balance.GetProperty("balance")[0].GetProperty("available").GetDecimal().ShouldBe(30m);

        var (v1Exit, v1) = await CliRunner.AsMerchantAsync(server, merchant, "balance", "--v1", "--currency", "USDT");
        v1Exit.ShouldBe(0, v1.ToString());
        v1.GetProperty("balance").GetDecimal().ShouldBe(30m);

        string[] transfer = ["transfer", "--currency", "USDT", "--amount", "12.5", "--type", "TO_MAIN",
            "--request-id", "cli-t1"];
        var (tExit, moved) = await CliRunner.AsMerchantAsync(server, merchant, transfer);
        tExit.ShouldBe(0, moved.ToString());
        moved.GetProperty("tranId").GetString().ShouldBe("cli-t1");
        moved.GetProperty("status").GetString().ShouldBe("SUCCESS");
        moved.GetProperty("amount").GetString().ShouldBe("12.5");
        moved.GetProperty("replay").GetBoolean().ShouldBeFalse();

        var (rExit, replay) = await CliRunner.AsMerchantAsync(server, merchant, transfer);
        rExit.ShouldBe(0, replay.ToString());
        replay.GetProperty("replay").GetBoolean().ShouldBeTrue();

        var (qExit, query) = await CliRunner.AsMerchantAsync(server, merchant, "transfer", "query", "--tran-id", "cli-t1");
        qExit.ShouldBe(0, query.ToString());
        query.GetProperty("status").GetString().ShouldBe("SUCCESS");

        var (spotExit, spot) = await CliRunner.AsMerchantAsync(server, merchant, "balance", "--wallet", "SPOT_WALLET");
        spotExit.ShouldBe(0, spot.ToString());
        spot.GetProperty("balance")[0].GetProperty("available").GetDecimal().ShouldBe(12.5m);
    }

    [Fact]
    public async Task Refusals_print_the_code_and_exit_non_zero()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var (exit, refused) = await CliRunner.AsMerchantAsync(server, merchant, "transfer", "--currency", "USDT", "--amount", "1",
            "--type", "TO_PAY");
        exit.ShouldNotBe(0);
        refused.GetProperty("code").GetString().ShouldBe("400304");
        var (qExit, missing) = await CliRunner.AsMerchantAsync(server, merchant, "transfer", "query", "--tran-id", "none");
        qExit.ShouldNotBe(0);
        missing.GetProperty("code").GetString().ShouldBe("400202");
    }
}

public sealed class SqliteWalletCommandTests() : WalletCommandTests(Store.Sqlite);

public sealed class PostgresWalletCommandTests() : WalletCommandTests(Store.Postgres);
