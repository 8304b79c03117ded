using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Storage;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Bench;

/// <summary>
/// <c>citrine bench</c> run in-process as a user runs it: functional checks only (the load is real, every request
/// signed, the server real; no figure is asserted, since this box is shared).
/// </summary>
public sealed class BenchCommandTests
{
    private static readonly string[] Short = ["--duration", "1s", "--warmup", "0s", "--connections", "4", "--json"];

    [Fact]
    public async Task Create_v2_and_webhook_dispatch_against_a_self_started_sqlite_server_answer_only_000000()
    {
        var report = await BenchAsync(["--scenario", "create-v2", "--scenario", "webhook-dispatch", "--events", "40",
            .. Short]);

        report.GetProperty("target").GetProperty("selfStarted").GetBoolean().ShouldBeTrue();
        report.GetProperty("target").GetProperty("storage").GetString().ShouldBe("sqlite");
        report.GetProperty("settings").GetProperty("connections").GetInt32().ShouldBe(4);
        report.GetProperty("baseline").ValueKind.ShouldBe(JsonValueKind.Null);
        var row = Single(report, "create-v2");
        ShouldBeCleanRun(row);
        row.GetProperty("ratio").ValueKind.ShouldBe(JsonValueKind.Null);

        // Every closed order's PAY_CLOSED reached the loopback receiver and verified with the server's certificate.
        var dispatch = Single(report, "webhook-dispatch");
        var webhooks = dispatch.GetProperty("webhooks");
        webhooks.GetProperty("closed").GetInt64().ShouldBe(40);
        webhooks.GetProperty("delivered").GetInt64().ShouldBe(40);
        webhooks.GetProperty("verified").GetInt64().ShouldBeGreaterThanOrEqualTo(40);
        webhooks.GetProperty("verifyFailures").GetInt64().ShouldBe(0);
        dispatch.GetProperty("errors").GetInt64().ShouldBe(0, dispatch.ToString());
        Codes(dispatch).ShouldBe(["000000"]); // the closes
        dispatch.GetProperty("operations").GetInt64().ShouldBe(40);
        dispatch.GetProperty("operationsPerSecond").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Create_v2_against_a_self_started_postgres_server_answers_only_000000()
    {
        var connection = await TestDatabases.NewPostgresDatabaseAsync();
        var report = await BenchAsync(["--storage", "postgres", "--postgres", connection, "--scenario", "create-v2",
            .. Short]);

        report.GetProperty("target").GetProperty("storage").GetString().ShouldBe("postgres");
        ShouldBeCleanRun(Single(report, "create-v2"));
    }

    [Fact]
    public async Task Baseline_and_seed_the_echo_runs_first_ratios_follow_and_queries_find_every_seeded_order()
    {
        var report = await BenchAsync(["--baseline", "--seed", "1000", "--scenario", "query-v2", .. Short]);

        report.GetProperty("target").GetProperty("seededOrders").GetInt64().ShouldBe(1000);
        var baseline = report.GetProperty("baseline");
        baseline.GetProperty("scenario").GetString().ShouldBe("baseline");
        ShouldBeCleanRun(baseline);
        var row = Single(report, "query-v2");
        ShouldBeCleanRun(row); // Every query asks for a random seeded order.
        var ratio = row.GetProperty("ratio");
        ratio.GetProperty("requestsPerSecond").GetDouble().ShouldBe(
            row.GetProperty("requestsPerSecond").GetDouble() / baseline.GetProperty("requestsPerSecond").GetDouble(),
            0.001);
        ratio.GetProperty("p99").GetDouble().ShouldBe(
            row.GetProperty("latencyMs").GetProperty("p99").GetDouble()
            / baseline.GetProperty("latencyMs").GetProperty("p99").GetDouble(), 0.01);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task Seeded_orders_read_back_through_Query_Order_as_closed_orders(Store store)
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var first = await BulkSeed.InsertClosedOrdersAsync(server.Database, merchant.MerchantId, 1200, nowMs, null,
            CancellationToken.None);
        var client = server.Signed(merchant);

        var byId = await client.PostAsync("/binancepay/openapi/v2/order/query", new { prepayId = first + 1199 });
        byId.Code.ShouldBe("000000", byId.ToString());
        byId.Data.GetProperty("status").GetString().ShouldBe("CANCELED");
        byId.Data.GetProperty("merchantTradeNo").GetString().ShouldBe(BulkSeed.TradeNo(1199));
        byId.Data.GetProperty("currency").GetString().ShouldBe("USDT");
        var byTradeNo = await client.PostAsync("/binancepay/openapi/v2/order/query",
            new { merchantTradeNo = BulkSeed.TradeNo(1) });
        byTradeNo.Code.ShouldBe("000000", byTradeNo.ToString());
        byTradeNo.Data.GetProperty("prepayId").ToString().ShouldBe((first + 1).ToString(CultureInfo.InvariantCulture));
        (await server.QueryDbAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m", r => r.GetInt64(0),
            ("@m", merchant.MerchantId))).Single().ShouldBe(1200);
        (await server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pay_refund_and_pay_apply_set_up_honestly_and_answer_only_000000()
    {
        var report = await BenchAsync(["--scenario", "pay", "--scenario", "refund", "--scenario", "pay-apply",
            "--duration", "1s", "--warmup", "0s", "--connections", "2", "--json"]);

        var pay = Single(report, "pay");
        ShouldBeCleanRun(pay);
        pay.GetProperty("requests").GetInt64().ShouldBe(2 * pay.GetProperty("operations").GetInt64());
        ShouldBeCleanRun(Single(report, "refund"));
        ShouldBeCleanRun(Single(report, "pay-apply"));
    }

    [Fact]
    public async Task A_running_server_is_benched_with_the_merchants_key_including_create_v1()
    {
        await using var server = await TestServer.StartAsync(Store.Sqlite);
        var merchant = await server.CreateMerchantAsync();
        var report = await BenchAsync(["--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--scenario", "create-v1", "--scenario", "mixed", .. Short]);

        report.GetProperty("target").GetProperty("selfStarted").GetBoolean().ShouldBeFalse();
        ShouldBeCleanRun(Single(report, "create-v1"));
        ShouldBeCleanRun(Single(report, "mixed"));
        (await server.QueryDbAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m AND api_version = 1",
            r => r.GetInt64(0), ("@m", merchant.MerchantId))).Single().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("--scenario", "nope", "--scenario: unknown scenario 'nope'")]
    [InlineData("--connections", "0", "--connections: must be 1 to 4096")]
    [InlineData("--duration", "soon", "--duration: 'soon' is not a positive duration")]
    [InlineData("--storage", "mysql", "--storage: 'mysql' is neither sqlite nor postgres")]
    [InlineData("--api-key", "k", "--api-key, --api-secret and --admin-token go with --server")]
    public async Task A_bad_argument_prints_one_clear_line_and_exits_non_zero(string option, string value,
        string message)
    {
        var (exit, output) = await CliRunner.RunAsync("bench", option, value);

        exit.ShouldNotBe(0);
        output.Trim().Split('\n').Length.ShouldBe(1, output);
        output.ShouldContain(message);
    }

    [Fact]
    public async Task Seed_with_a_remote_server_is_refused_in_one_line()
    {
        var (exit, output) = await CliRunner.RunAsync("bench", "--server", "http://127.0.0.1:1", "--admin-token", "t",
            "--seed", "10");

        exit.ShouldNotBe(0);
        output.Trim().Split('\n').Length.ShouldBe(1, output);
        output.ShouldContain("--seed: a count of orders, for a self-started server only");
    }

    private static async Task<JsonElement> BenchAsync(string[] args)
    {
        var (exit, output) = await CliRunner.RunAsync(["bench", .. args]);
        exit.ShouldBe(0, output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static JsonElement Single(JsonElement report, string scenario)
    {
        var rows = report.GetProperty("scenarios").EnumerateArray()
            .Where(r => r.GetProperty("scenario").GetString() == scenario).ToList();
        rows.Count.ShouldBe(1, report.ToString());
        return rows[0];
    }

    private static string[] Codes(JsonElement row) =>
        row.GetProperty("codes").EnumerateObject().Select(c => c.Name).ToArray();

    private static void ShouldBeCleanRun(JsonElement row)
    {
        row.GetProperty("requests").GetInt64().ShouldBeGreaterThan(0, row.ToString());
        row.GetProperty("operations").GetInt64().ShouldBeGreaterThan(0, row.ToString());
        row.GetProperty("errors").GetInt64().ShouldBe(0, row.ToString());
        Codes(row).ShouldBe(["000000"], row.ToString());
        row.GetProperty("httpStatus").EnumerateObject().Select(s => s.Name).ShouldBe(["200"], row.ToString());
        row.GetProperty("codes").GetProperty("000000").GetInt64().ShouldBe(row.GetProperty("requests").GetInt64());
        var latency = row.GetProperty("latencyMs");
        latency.GetProperty("p50").GetDouble().ShouldBeGreaterThan(0);
        latency.GetProperty("p99").GetDouble().ShouldBeGreaterThanOrEqualTo(latency.GetProperty("p50").GetDouble());
        latency.GetProperty("max").GetDouble().ShouldBeGreaterThanOrEqualTo(latency.GetProperty("p99").GetDouble());
        row.GetProperty("requestsPerSecond").GetDouble().ShouldBeGreaterThan(0);
    }
}
