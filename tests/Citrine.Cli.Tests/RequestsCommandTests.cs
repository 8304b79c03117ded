using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Cli.Tests.Webhooks;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine requests list|tail</c> end to end against a live server (issue 14 item 6): the journal's
/// lines, the <c>--code</c> filter, <c>--json</c>, the <c>citrine sign</c> hint of a 400002, and a tail that ends
/// after <c>--count</c> entries.</summary>
public abstract class RequestsCommandTests(Store store)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task List_prints_each_request_and_explains_a_bad_signature()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        string[] credentials = ["--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey, "--api-secret",
            merchant.ApiSecret];
        (await server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", Orders.V2())).Code.ShouldBe("000000");
        var forged = await server.Signed(merchant with { ApiSecret = new string('c', 64) })
            .PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
                nonce: "abcdefghijklmnopqrstuvwxyz123456", timestampMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        forged.Code.ShouldBe("400002");

        JsonElement entries = default;
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            await Task.Delay(100);
            var (exit, json) = await CliRunner.RunAsync(["requests", "list", "--json", .. credentials]);
            exit.ShouldBe(0, json);
            entries = JsonDocument.Parse(json).RootElement.GetProperty("entries");
        }
        while (entries.GetArrayLength() < 2 && DateTime.UtcNow < deadline);

        entries.EnumerateArray().Select(e => e.GetProperty("code").GetString()).ShouldBe(["400002", "000000"]);
        var timestamp = entries[0].GetProperty("timestamp").GetString()!;

        var (codeExit, text) = await CliRunner.RunAsync(["requests", "list", "--code", "400002", .. credentials]);
        codeExit.ShouldBe(0, text);
        text.ShouldContain("POST /binancepay/openapi/v2/order  400002 HTTP 400");
        text.ShouldContain("Signature for this request is not valid.");
        text.ShouldContain("signature INVALID");
        text.ShouldContain($"explain: citrine sign --secret <API secret> --timestamp {timestamp} " +
                           "--nonce abcdefghijklmnopqrstuvwxyz123456");
        text.ShouldNotContain(" 000000 ");
        text.ShouldNotContain(merchant.ApiSecret);

        var (emptyExit, empty) = await CliRunner.RunAsync(["requests", "list", "--code", "400003", .. credentials]);
        emptyExit.ShouldBe(0, empty);
        empty.ShouldContain($"No requests recorded for merchant {merchant.MerchantId}.");
    }

    [Fact]
    public async Task Tail_prints_new_requests_and_stops_after_count()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        (await server.Signed(merchant).PostAsync("/binancepay/openapi/certificates", new { })).Code.ShouldBe("000000");
        // Written (in a batch, after the answer) before the tail starts, so the tail begins after it.
        var deadline = DateTime.UtcNow + Patience;
        while ((await server.Signed(merchant).PostAsync("/sandbox/requests/list", new { })).Data
               .GetProperty("entries").GetArrayLength() == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(50);
        }

        using var cts = new CancellationTokenSource(Patience);
        var run = CliRun.Start(cts.Token, "requests", "tail", "--count", "2", "--timeout", "25", "--interval-ms",
            "100", "--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey, "--api-secret",
            merchant.ApiSecret);
        await run.WaitForAsync($"Tailing requests of merchant {merchant.MerchantId}");

        (await server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", Orders.V2())).Code.ShouldBe("000000");
        (await server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", new { })).Code.ShouldNotBe("000000");

        (await run.Exit.WaitAsync(Patience)).ShouldBe(0, run.Output);
        var lines = run.Output.Split('\n').Where(l => l.StartsWith('#')).ToList();
        lines.Count.ShouldBe(2, run.Output);
        lines[0].ShouldContain("POST /binancepay/openapi/v2/order  000000 HTTP 200");
        lines[1].ShouldContain("POST /binancepay/openapi/v2/order  4001");
        run.Output.ShouldNotContain("/binancepay/openapi/certificates"); // older than the tail
        run.Output.ShouldContain("Stopped after 2 request(s).");
    }

    [Fact]
    public async Task Tail_ends_at_its_timeout_without_new_requests()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var (exit, output) = await CliRunner.RunAsync("requests", "tail", "--timeout", "1", "--server",
            server.BaseUri.ToString(), "--api-key", merchant.ApiKey, "--api-secret", merchant.ApiSecret);
        exit.ShouldBe(0, output);
        output.ShouldContain("Stopped after 0 request(s).");
    }
}

public sealed class SqliteRequestsCommandTests() : RequestsCommandTests(Store.Sqlite);

public sealed class PostgresRequestsCommandTests() : RequestsCommandTests(Store.Postgres);
