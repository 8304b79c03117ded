using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Citrine.Cli.Tests.Configuration;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Telemetry;

/// <summary>
/// Issue 14, metrics, on the real <c>citrine serve</c> process (its own process, so no other test's server adds to
/// the counts): after a small known load, <c>GET /metrics</c> shows each series with the value that load implies —
/// requests by route and result code, webhook attempts by outcome, the backlog gauges back at zero, the write queue
/// and commit batches.
/// </summary>
public sealed partial class MetricsTests
{
    private const string CreatePath = "/binancepay/openapi/v2/order";
    private const string ClosePath = "/binancepay/openapi/order/close";

    [Fact]
    public async Task Metrics_count_the_requests_codes_and_webhook_attempts_of_a_known_load()
    {
        var adminToken = "metrics-admin-" + Guid.NewGuid().ToString("N");
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Enqueue(Reply.Error(500)); // The first delivery fails once, so one attempt is PENDING.
        await using var cli = CliProcess.Start(new Dictionary<string, string>
        {
            ["Citrine__AdminToken"] = adminToken,
            ["Citrine__TimestampWindowMs"] = "60000",
            ["Citrine__WebhookRetryMs"] = "200,400",
            ["Citrine__WebhookPollIntervalMs"] = "20",
            ["Citrine__Telemetry__BacklogSampleMs"] = "100",
        }, "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory());
        await cli.WaitForAsync("Citrine is listening on ");
        using var http = new HttpClient { BaseAddress = new Uri(ListeningLine().Match(cli.Stdout).Groups[1].Value) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        using var created = await http.PostAsJsonAsync("/admin/merchants",
            new { name = "Metrics Shop", webhookUrl = receiver.Url });
        var data = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var client = new SignedHttp(http, new TestMerchant(
            data.GetProperty("merchant").GetProperty("merchantId").GetInt64(), data.GetProperty("apiKey").GetString()!,
            data.GetProperty("apiSecret").GetString()!));

        // Known load: three creates, two closes (two PAY_CLOSED webhooks), two refusals of kinds that differ.
        var orders = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await client.CreateOrderAsync());
        }

        (await client.CloseAsync(orders[0])).Code.ShouldBe("000000");
        (await client.CloseAsync(orders[1])).Code.ShouldBe("000000");
        var badSignature = await client.PostRawAsync(CreatePath, JsonSerializer.Serialize(Orders.V2()), r =>
        {
            r.Headers.Remove(BinancePayHeaders.Signature);
            r.Headers.Add(BinancePayHeaders.Signature, new string('A', 128));
        });
        var missing = Orders.V2();
        missing.Remove("merchantTradeNo");
        var missingField = await client.PostAsync(CreatePath, missing);
        badSignature.Code.ShouldNotBe(missingField.Code);

        // Two events: the first attempt of one fails (PENDING), then each is delivered once.
        var scrape = await ScrapeUntilAsync(http, s =>
            s.Find("citrine_webhook_attempt_duration_seconds_count", ("outcome", "DELIVERED")) == 2
            && s.Find("citrine_outbox_pending") == 0);

        scrape.Value("citrine_request_duration_seconds_count",
            ("route", CreatePath), ("code", "000000"), ("status", "200")).ShouldBe(3);
        scrape.Value("citrine_request_duration_seconds_count", ("route", ClosePath), ("code", "000000")).ShouldBe(2);
        scrape.Value("citrine_request_duration_seconds_count", ("route", CreatePath), ("code", badSignature.Code),
            ("status", ((int)badSignature.HttpStatus).ToString(CultureInfo.InvariantCulture))).ShouldBe(1);
        scrape.Value("citrine_request_duration_seconds_count", ("route", CreatePath), ("code", missingField.Code))
            .ShouldBe(1);
        scrape.Value("citrine_request_duration_seconds_bucket", ("route", CreatePath), ("code", "000000"),
            ("le", "+Inf")).ShouldBe(3);
        scrape.Value("citrine_request_duration_seconds_sum", ("route", CreatePath), ("code", "000000"))
            .ShouldBeGreaterThan(0);
        scrape.Value("citrine_webhook_attempt_duration_seconds_count", ("outcome", "PENDING")).ShouldBe(1);
        scrape.Has("citrine_webhook_attempt_duration_seconds_count", ("outcome", "FAILED")).ShouldBeFalse();
        scrape.Value("citrine_outbox_due").ShouldBe(0);
        scrape.Value("citrine_outbox_oldest_due_age_seconds").ShouldBe(0);
        scrape.Value("citrine_refunds_pending").ShouldBe(0);
        scrape.Value("citrine_refunds_parked").ShouldBe(0);
        scrape.Value("citrine_db_write_queue_depth").ShouldBe(0);
        // Every write above committed: the merchant, three orders, two closes, their events and attempts.
        scrape.Value("citrine_db_commit_batch_size_sum").ShouldBeGreaterThanOrEqualTo(8);
        scrape.Value("dotnet_process_memory_working_set_bytes").ShouldBeGreaterThan(0);
        // Unknown paths share one series instead of one per path.
        using var unknown = await http.PostAsync("/no/such/path/" + Guid.NewGuid().ToString("N"), null);
        // A request is counted once its answer is written, and the exporter caches a scrape briefly: poll.
        (await ScrapeUntilAsync(http, s => s.Find("citrine_request_duration_seconds_count", ("route", "unmatched"))
                is not null))
            .Value("citrine_request_duration_seconds_count", ("route", "unmatched")).ShouldBe(1);
        // No tag names a merchant key (tags are route, code, status and outcome only).
        scrape.Text.ShouldNotContain(client.Merchant.ApiKey);
    }

    [Fact]
    public async Task Metrics_can_be_switched_off()
    {
        await using var cli = CliProcess.Start(new Dictionary<string, string>
        {
            ["Citrine__Telemetry__Prometheus"] = "false",
        }, "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory());
        await cli.WaitForAsync("Citrine is listening on ");
        using var http = new HttpClient { BaseAddress = new Uri(ListeningLine().Match(cli.Stdout).Groups[1].Value) };

        using var answer = await http.GetAsync("/metrics");

        ((int)answer.StatusCode).ShouldBe(404);
    }

    [Fact]
    public async Task A_bad_otlp_endpoint_stops_serve_with_one_line()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["Citrine__Telemetry__OtlpEndpoint"] = "collector:4317",
        }, "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory());

        exit.ShouldBe(1, stdout + stderr);
        stderr.Trim().ShouldBe("error: Citrine:Telemetry:OtlpEndpoint: 'collector:4317' is not an absolute http or https URL. Fix: set the collector's URL, e.g. Citrine__Telemetry__OtlpEndpoint=http://localhost:4317, or remove the setting.");
    }

    private static async Task<Scrape> ScrapeUntilAsync(HttpClient http, Func<Scrape, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var scrape = await ScrapeAsync(http);
            if (done(scrape))
            {
                return scrape;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, scrape.Text);
            await Task.Delay(100);
        }
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient http)
    {
        using var answer = await http.GetAsync("/metrics");
        answer.IsSuccessStatusCode.ShouldBeTrue();
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        return new Scrape(await answer.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"Citrine is listening on (\S+) ")]
    private static partial Regex ListeningLine();

    /// <summary>One Prometheus text exposition, read sample by sample.</summary>
    private sealed partial class Scrape(string text)
    {
        private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = text
            .Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(Parse).ToList();

        public string Text { get; } = text;

        /// <summary>The sample's value, or null while the series does not exist yet.</summary>
        public double? Find(string name, params (string Key, string Value)[] labels) =>
            Matching(name, labels).Select(v => (double?)v).SingleOrDefault();

        public bool Has(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Any();

        /// <summary>The single sample of <paramref name="name"/> carrying <paramref name="labels"/> (others free).</summary>
        public double Value(string name, params (string Key, string Value)[] labels)
        {
            var matches = Matching(name, labels).ToList();
            matches.Count.ShouldBe(1, $"{name} {string.Join(',', labels)} in\n{Text}");
            return matches[0];
        }

        private IEnumerable<double> Matching(string name, (string Key, string Value)[] labels) => _samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
            .Select(s => s.Value);

        private static (string, Dictionary<string, string>, double) Parse(string line)
        {
            var match = SampleLine().Match(line);
            match.Success.ShouldBeTrue(line);
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            return (match.Groups["name"].Value, labels,
                double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
        private static partial Regex SampleLine();

        [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
        private static partial Regex LabelPair();
    }
}
