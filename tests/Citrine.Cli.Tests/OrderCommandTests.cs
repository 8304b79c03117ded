using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine order create|query|close</c> end to end against a real Citrine, with their exit codes.</summary>
public abstract class OrderCommandTests(ServerFixture fixture)
{
    [Fact]
    public async Task Order_create_query_close_round_trip_with_json_output()
    {
        var (_, auth) = await fixture.MerchantArgsAsync();
        var tradeNo = "cli" + Guid.NewGuid().ToString("N")[..20];

        var (created, createOut) = await CliRunner.RunAsync(["order", "create", "--amount", "12.5", "--trade-no", tradeNo, "--json", .. auth]);
        var (queried, queryOut) = await CliRunner.RunAsync(["order", "query", "--trade-no", tradeNo, "--json", .. auth]);
        var (closed, closeOut) = await CliRunner.RunAsync(["order", "close", "--trade-no", tradeNo, "--json", .. auth]);
        var (after, afterOut) = await CliRunner.RunAsync(["order", "query", "--trade-no", tradeNo, "--json", .. auth]);

        created.ShouldBe(0, createOut);
        var order = JsonDocument.Parse(createOut).RootElement;
        order.GetProperty("checkoutUrl").GetString()!.ShouldStartWith(fixture.Server.BaseUri.ToString().TrimEnd('/'));
        queried.ShouldBe(0, queryOut);
        var query = JsonDocument.Parse(queryOut).RootElement;
        query.GetProperty("prepayId").GetString().ShouldBe(order.GetProperty("prepayId").GetString());
        // v2 orderAmount is a string in its shortest exact form, as the server writes it
        // (docs/api-reference.md#query-order sample "10.88"; docs/compatibility.md "Amount strings").
        query.GetProperty("orderAmount").GetString().ShouldBe("12.5");
        query.GetProperty("status").GetString().ShouldBe("INITIAL");
        closed.ShouldBe(0, closeOut);
        closeOut.Trim().ShouldBe("true");
        after.ShouldBe(0);
        JsonDocument.Parse(afterOut).RootElement.GetProperty("status").GetString().ShouldBe("CANCELED");
    }

    [Fact]
    public async Task Order_create_prints_a_table_for_people()
    {
        var (_, auth) = await fixture.MerchantArgsAsync();

        var (exit, output) = await CliRunner.RunAsync(["order", "create", "--amount", "3", "--api-version", "3", .. auth]);

        exit.ShouldBe(0, output);
        output.ShouldContain("Order created (v3)");
        output.ShouldContain("checkoutUrl");
        output.ShouldContain("prepayId");
    }

    [Fact]
    public async Task Order_create_v1_needs_and_uses_the_merchant_id()
    {
        var (merchant, auth) = await fixture.MerchantArgsAsync();

        var (exit, output) = await CliRunner.RunAsync(["order", "create", "--amount", "3", "--currency", "EUR",
            "--api-version", "1", "--merchant-id", merchant.MerchantId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", .. auth]);
        var (missing, missingOut) = await CliRunner.RunAsync(["order", "create", "--amount", "3", "--api-version", "1", .. auth]);

        exit.ShouldBe(0, output);
        JsonDocument.Parse(output).RootElement.GetProperty("tradeType").GetString().ShouldBe("WEB");
        missing.ShouldBe(1);
        missingOut.ShouldContain("--merchant-id");
    }

    [Fact]
    public async Task A_duplicate_merchantTradeNo_exits_5_with_the_code()
    {
        var (_, auth) = await fixture.MerchantArgsAsync();
        var tradeNo = "dup" + Guid.NewGuid().ToString("N")[..20];
        await CliRunner.RunAsync(["order", "create", "--amount", "1", "--trade-no", tradeNo, .. auth]);

        var (exit, output) = await CliRunner.RunAsync(["order", "create", "--amount", "1", "--trade-no", tradeNo, "--json", .. auth]);

        exit.ShouldBe(5);
        var error = JsonDocument.Parse(output).RootElement;
        error.GetProperty("code").GetString().ShouldBe("400201");
        error.GetProperty("name").GetString().ShouldBe("INVALID_MERCHANT_TRADE_NO");
        error.GetProperty("httpStatus").GetInt32().ShouldBe(400);
    }

    [Fact]
    public async Task An_unknown_order_exits_4()
    {
        var (_, auth) = await fixture.MerchantArgsAsync();

        var (exit, output) = await CliRunner.RunAsync(["order", "query", "--trade-no", "nosuchorder", .. auth]);

        exit.ShouldBe(4);
        output.ShouldContain("400202 ORDER_NOT_FOUND");
    }

    [Fact]
    public async Task A_wrong_secret_exits_2()
    {
        var (merchant, _) = await fixture.MerchantArgsAsync();

        var (exit, output) = await CliRunner.RunAsync(["order", "query", "--trade-no", "x", "--server",
            fixture.Server.BaseUri.ToString(), "--api-key", merchant.ApiKey, "--api-secret", new string('z', 64)]);

        exit.ShouldBe(2, output);
        output.ShouldContain("400002");
    }

    [Fact]
    public async Task A_rejected_field_exits_3()
    {
        var (_, auth) = await fixture.MerchantArgsAsync();

        var (exit, output) = await CliRunner.RunAsync(["order", "create", "--amount", "1", "--currency", "DOGE", .. auth]);

        exit.ShouldBe(3, output);
        output.ShouldContain("400102");
    }

    [Fact]
    public async Task Closing_a_closed_order_exits_5()
    {
        var (_, auth) = await fixture.MerchantArgsAsync();
        var tradeNo = "cls" + Guid.NewGuid().ToString("N")[..20];
        await CliRunner.RunAsync(["order", "create", "--amount", "1", "--trade-no", tradeNo, .. auth]);
        await CliRunner.RunAsync(["order", "close", "--trade-no", tradeNo, .. auth]);

        var (exit, output) = await CliRunner.RunAsync(["order", "close", "--trade-no", tradeNo, .. auth]);

        exit.ShouldBe(5, output);
        output.ShouldContain("400204");
    }

    [Fact]
    public async Task An_unreachable_server_exits_1_with_one_line()
    {
        var (exit, output) = await CliRunner.RunAsync(["order", "query", "--trade-no", "x", "--server", "http://127.0.0.1:1",
            "--api-key", "k", "--api-secret", "s"]);

        exit.ShouldBe(1);
        output.ShouldContain("error:");
        output.ShouldNotContain("   at ");
    }
}

public sealed class SqliteOrderCommandTests(SqliteServer fixture) : OrderCommandTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresOrderCommandTests(PostgresServer fixture) : OrderCommandTests(fixture), IClassFixture<PostgresServer>;
