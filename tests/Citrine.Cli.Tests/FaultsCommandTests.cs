using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine faults arm|list|clear</c> end to end against a real Citrine (docs/sandbox.md#fault-injection):
/// each kind armed from the command line, the armed fault seen by the merchant's next request, the list as JSON and
/// as a table, clear; bad combinations exit 3 without calling the server.</summary>
public abstract class FaultsCommandTests(ServerFixture fixture)
{
    private const string CreatePath = "/binancepay/openapi/v2/order";

    private async Task<(SignedHttp Client, string[] Args)> MerchantArgsAsync()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        return (fixture.Server.Signed(merchant), ["--server", fixture.Server.BaseUri.ToString(), "--api-key",
            merchant.ApiKey, "--api-secret", merchant.ApiSecret]);
    }

    [Fact]
    public async Task Arm_a_status_then_list_and_clear_as_json()
    {
        var (client, auth) = await MerchantArgsAsync();

        var (armed, armOut) = await CliRunner.RunAsync(["faults", "arm", "--path", CreatePath, "--status", "503",
            "--count", "2", "--json", .. auth]);
        armed.ShouldBe(0, armOut);
        var rule = JsonDocument.Parse(armOut).RootElement;
        (rule.GetProperty("kind").GetString(), rule.GetProperty("httpStatus").GetInt32(),
            rule.GetProperty("path").GetString(), rule.GetProperty("remaining").GetInt32())
            .ShouldBe(("STATUS", 503, CreatePath, 2));

        ((int)(await client.PostAsync(CreatePath, Orders.V2())).HttpStatus).ShouldBe(503);

        var (listed, listOut) = await CliRunner.RunAsync(["faults", "list", "--json", .. auth]);
        listed.ShouldBe(0, listOut);
        JsonDocument.Parse(listOut).RootElement.EnumerateArray().ShouldHaveSingleItem()
            .GetProperty("remaining").GetInt32().ShouldBe(1);

        var (cleared, clearOut) = await CliRunner.RunAsync(["faults", "clear", "--json", .. auth]);
        cleared.ShouldBe(0, clearOut);
        JsonDocument.Parse(clearOut).RootElement.GetProperty("cleared").GetInt32().ShouldBe(1);
        (await client.PostAsync(CreatePath, Orders.V2())).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Every_kind_arms_from_the_command_line_and_list_prints_a_table()
    {
        var (client, auth) = await MerchantArgsAsync();
        string[][] arms =
        [
            ["--stall", "2s", "--path", "/binancepay/openapi/", "--prefix"],
            ["--drop", "--count", "3"],
            ["--status", "429", "--retry-after", "5"],
            ["--webhook", "duplicate"],
            ["--webhook", "delay", "--delay", "1500ms"],
            ["--webhook", "reorder"],
        ];
        foreach (var arm in arms)
        {
            var (code, output) = await CliRunner.RunAsync(["faults", "arm", .. arm, .. auth]);
            code.ShouldBe(0, output);
            output.ShouldContain("Fault armed");
        }

        var (listed, table) = await CliRunner.RunAsync(["faults", "list", .. auth]);
        listed.ShouldBe(0, table);
        foreach (var expected in new[]
                 {
                     "STALL", "/binancepay/openapi/*", "2000 ms", "DROP", "all requests", "3 of 3", "STATUS",
                     "HTTP 429, Retry-After 5", "DUPLICATE", "webhook deliveries", "DELAY", "1500 ms", "REORDER",
                 })
        {
            table.ShouldContain(expected);
        }

        var rules = (await client.PostAsync("/sandbox/faults/list", new { })).Data;
        rules.GetArrayLength().ShouldBe(6);
    }

    [Theory]
    [InlineData(new[] { "faults", "arm" }, "exactly one of")]
    [InlineData(new[] { "faults", "arm", "--drop", "--status", "503" }, "exactly one of")]
    [InlineData(new[] { "faults", "arm", "--stall", "soon" }, "not a duration")]
    [InlineData(new[] { "faults", "arm", "--webhook", "delay", "--delay", "x" }, "not a duration")]
    [InlineData(new[] { "faults", "arm", "--webhook", "duplicate", "--path", "/x" }, "--path applies")]
    public async Task Bad_combinations_exit_3_without_arming(string[] args, string message)
    {
        var (client, auth) = await MerchantArgsAsync();

        var (code, output) = await CliRunner.RunAsync([.. args, .. auth]);

        code.ShouldBe(3, output);
        output.ShouldContain(message);
        (await client.PostAsync("/sandbox/faults/list", new { })).Data.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_arm_prints_the_servers_code_and_exits_3()
    {
        var (_, auth) = await MerchantArgsAsync();

        var (code, output) = await CliRunner.RunAsync(["faults", "arm", "--status", "404", .. auth]);

        code.ShouldBe(3, output);
        output.ShouldContain("400102");
        output.ShouldContain("httpStatus");
    }
}

public sealed class SqliteFaultsCommandTests(SqliteServer fixture)
    : FaultsCommandTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresFaultsCommandTests(PostgresServer fixture)
    : FaultsCommandTests(fixture), IClassFixture<PostgresServer>;
