using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Citrine.Cli.Tests.Configuration;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Logging;

/// <summary>
/// Issue 14, logs, on the real <c>citrine serve --log-format json</c> process: every stderr line is one JSON object,
/// each webhook attempt and each refused request is one line with its values, and no line carries a secret.
/// </summary>
public sealed partial class JsonLogTests
{
    private const string DispatcherCategory = "Citrine.Server.Webhooks.WebhookDispatcher";
    private const string RequestsCategory = "Citrine.Requests";

    [Fact]
    public async Task Json_logs_parse_show_each_attempt_and_refusal_and_never_a_secret()
    {
        var adminToken = "log-admin-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var masterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Error(500)); // The first delivery fails once, so a retry line is logged too.
        await using var cli = CliProcess.Start(new Dictionary<string, string>
        {
            ["Citrine__AdminToken"] = adminToken,
            ["Citrine__MasterKey"] = masterKey,
            ["Citrine__TimestampWindowMs"] = "60000",
            ["Citrine__WebhookRetryMs"] = "200,400",
            ["Citrine__WebhookPollIntervalMs"] = "20",
        }, "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory(), "--log-format", "json");
        await cli.WaitForAsync("Citrine is listening on ");
        using var http = new HttpClient { BaseAddress = new Uri(ListeningLine().Match(cli.Stdout).Groups[1].Value) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);

        using var created = await http.PostAsJsonAsync("/admin/merchants",
            new { name = "Log Shop", webhookUrl = receiver.Url + "?token=hidden-query-7f3a" });
        var data = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var merchant = new TestMerchant(data.GetProperty("merchant").GetProperty("merchantId").GetInt64(),
            data.GetProperty("apiKey").GetString()!, data.GetProperty("apiSecret").GetString()!);
        var signatures = new List<string>();
        var client = new SignedHttp(http, merchant);
        using var buyerAnswer = await http.PostAsJsonAsync("/admin/buyers",
            new { name = "Alice", funds = new Dictionary<string, string> { ["USDT"] = "1000" } });
        var buyerId = (await buyerAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")
            .GetProperty("buyerId").GetInt64();

        // Load: pay and refund one order, close another.
        var paidOrder = await client.CreateOrderAsync();
        (await client.SandboxPayAsync(paidOrder, buyerId)).Code.ShouldBe("000000");
        var refund = await client.PostAsync("/binancepay/openapi/order/refund", new Dictionary<string, object?>
        {
            ["refundRequestId"] = Guid.NewGuid().ToString("N"),
            ["prepayId"] = paidOrder.ToString(CultureInfo.InvariantCulture),
            ["refundAmount"] = 1m,
        });
        refund.Code.ShouldBe("000000", refund.ToString());
        (await client.CloseAsync(await client.CreateOrderAsync())).Code.ShouldBe("000000");

        // Refusals: at the ingress (signature, field rule, admin token) and in a handler (unknown order).
        var refused = new List<(string Path, Answer Answer, long? MerchantId)>();
        const string OrderPath = "/binancepay/openapi/v2/order";
        refused.Add((OrderPath, await client.PostRawAsync(OrderPath, JsonSerializer.Serialize(Orders.V2()), r =>
        {
            signatures.Add(r.Headers.GetValues(BinancePayHeaders.Signature).Single());
            r.Headers.Remove(BinancePayHeaders.Signature);
            r.Headers.Add(BinancePayHeaders.Signature, new string('A', 128));
        }), null));
        var missing = Orders.V2();
        missing.Remove("merchantTradeNo");
        refused.Add((OrderPath, await client.PostRawAsync(OrderPath, JsonSerializer.Serialize(missing),
            r => signatures.Add(r.Headers.GetValues(BinancePayHeaders.Signature).Single())), merchant.MerchantId));
        refused.Add(("/binancepay/openapi/v2/order/query", await client.QueryAsync(987654321), merchant.MerchantId));
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/admin/merchants")
        {
            Content = JsonContent.Create(new { name = "Nope" }),
        };
        wrongToken.Headers.Authorization = new("Bearer", "not-the-token");
        refused.Add(("/admin/merchants", await SignedHttp.SendAsync(http, wrongToken), null));

        foreach (var (_, answer, _) in refused)
        {
            answer.Code.ShouldNotBe("000000", answer.ToString());
        }

        var events = await DeliveredEventsAsync(client, 3);
        var attempts = events.SelectMany(e => e.GetProperty("attempts").EnumerateArray().Select(a => (Event: e, Attempt: a)))
            .ToList();
        attempts.Count.ShouldBe(4); // The first event twice (500, then 200), the two others once.

        var lines = await LinesAsync(cli, attempts.Count, refused.Count);
        var attemptLines = lines.Where(l => Str(l, "Category") == DispatcherCategory && Str(l, "EventId") == "1001")
            .Select(l => l.GetProperty("State")).ToList();
        attemptLines.Count.ShouldBe(attempts.Count, cli.Stderr);
        foreach (var (webhookEvent, attempt) in attempts)
        {
            var header = webhookEvent.GetProperty("event");
            var eventId = header.GetProperty("eventId").GetInt64().ToString(CultureInfo.InvariantCulture);
            var number = attempt.GetProperty("attempt").GetInt32().ToString(CultureInfo.InvariantCulture);
            var line = attemptLines.Single(l => Str(l, "EventId") == eventId && Str(l, "Attempt") == number);
            Str(line, "BizType").ShouldBe(header.GetProperty("bizType").GetString());
            Str(line, "MerchantId").ShouldBe(merchant.MerchantId.ToString(CultureInfo.InvariantCulture));
            Str(line, "DestinationHost").ShouldBe(receiver.BaseUri.Authority);
            Str(line, "HttpStatus").ShouldBe(attempt.GetProperty("httpStatus").GetInt32()
                .ToString(CultureInfo.InvariantCulture));
            Str(line, "Outcome").ShouldBe(attempt.GetProperty("httpStatus").GetInt32() == 200 ? "DELIVERED" : "PENDING");
            long.Parse(Str(line, "LatencyMs")!, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        }

        var refusedLines = lines.Where(l => Str(l, "Category") == RequestsCategory && Str(l, "EventId") == "2001")
            .Select(l => l.GetProperty("State")).ToList();
        refusedLines.Count.ShouldBe(refused.Count, cli.Stderr);
        for (var i = 0; i < refused.Count; i++)
        {
            var (path, answer, merchantId) = refused[i];
            var line = refusedLines[i];
            Str(line, "Path").ShouldBe(path);
            Str(line, "Code").ShouldBe(answer.Code);
            Str(line, "Rule").ShouldBe(answer.ErrorMessage);
            Str(line, "MerchantId").ShouldBe(merchantId?.ToString(CultureInfo.InvariantCulture) ?? "null");
        }

        var all = cli.Stdout + cli.Stderr;
        signatures.Count.ShouldBe(2);
        foreach (var secret in new[] { merchant.ApiSecret, adminToken, masterKey, "hidden-query-7f3a" }.Concat(signatures))
        {
            all.ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task An_unknown_log_format_stops_serve_with_one_line()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(new Dictionary<string, string>(),
            "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory(), "--log-format", "xml");

        exit.ShouldBe(1, stdout + stderr);
        stderr.Trim().ShouldBe("error: Citrine:Logging:Format: 'xml' is not a log format. Fix: set simple or json (Citrine__Logging__Format=json, or pass --log-format json).");
        (stdout + stderr).ShouldNotContain("   at ", Case.Sensitive);
    }

    /// <summary>Every stderr line parsed (each must be one JSON object), once the expected lines have been flushed.</summary>
    private static async Task<List<JsonElement>> LinesAsync(CliProcess cli, int attempts, int refused)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var lines = cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
            lines.ShouldAllBe(l => l.ValueKind == JsonValueKind.Object);
            if ((lines.Count(l => Str(l, "Category") == DispatcherCategory && Str(l, "EventId") == "1001") >= attempts
                 && lines.Count(l => Str(l, "Category") == RequestsCategory) >= refused) || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<List<JsonElement>> DeliveredEventsAsync(SignedHttp client, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var events = await client.PostAsync("/sandbox/webhooks/events", new { });
            var details = new List<JsonElement>();
            foreach (var summary in events.Data.EnumerateArray())
            {
                var detail = await client.PostAsync("/sandbox/webhooks/event",
                    new { eventId = summary.GetProperty("eventId").GetInt64() });
                details.Add(detail.Data);
            }

            if (details.Count >= count
                && details.All(d => d.GetProperty("event").GetProperty("state").GetString() == "DELIVERED"))
            {
                return details;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, string.Join('\n', details.Select(d => d.GetRawText())));
            await Task.Delay(100);
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    [GeneratedRegex(@"Citrine is listening on (\S+) ")]
    private static partial Regex ListeningLine();
}
