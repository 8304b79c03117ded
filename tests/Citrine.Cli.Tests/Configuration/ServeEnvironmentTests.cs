using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Configuration;

/// <summary>
/// Issue 12, loud configuration, on the real <c>citrine serve</c> process: list settings in the comma form from the
/// environment, the serve defaults for loopback webhooks (allowed, answers withheld), and demo credentials that stay
/// the same across restarts or are fixed by configuration.
/// </summary>
public sealed partial class ServeEnvironmentTests
{
    private const string AdminToken = "serve-environment-admin-token";

    [Fact]
    public async Task The_comma_form_of_a_list_setting_works_from_the_environment()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Default = new Reply(500, "local service says: internal-answer-5d1c");
        await using var cli = CliProcess.Start(new Dictionary<string, string>
        {
            ["Citrine__WebhookRetryMs"] = "200,400,800",
            ["Citrine__WebhookPollIntervalMs"] = "20",
            ["Citrine__AdminToken"] = AdminToken,
            ["Citrine__TimestampWindowMs"] = "60000",
        }, "serve", "--port", "0", "--data-dir", TestDatabases.NewSqliteDirectory());
        var baseUrl = await ListeningUrlAsync(cli);
        using var admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        using var created = await admin.PostAsJsonAsync("/admin/merchants",
            new { name = "Comma Shop", webhookUrl = receiver.Url });
        var data = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var merchant = new TestMerchant(data.GetProperty("merchant").GetProperty("merchantId").GetInt64(),
            data.GetProperty("apiKey").GetString()!, data.GetProperty("apiSecret").GetString()!);
        var client = new SignedHttp(admin, merchant);

        var order = await client.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        order.Code.ShouldBe("000000", order.ToString());
        var closed = await client.PostAsync("/binancepay/openapi/order/close",
            new { prepayId = order.Data.GetProperty("prepayId").GetString() });
        closed.Code.ShouldBe("000000", closed.ToString());

        // Three retries of 200, 400 and 800 ms: four attempts within seconds, then FAILED (the default schedule
        // would wait 15 s before the second attempt).
        var detail = await WaitForFailedAsync(client);
        detail.GetProperty("event").GetProperty("attemptsMax").GetInt32().ShouldBe(4);
        detail.GetProperty("event").GetProperty("attempts").GetInt32().ShouldBe(4);
        receiver.All.Count.ShouldBe(4);
        // serve allows loopback destinations, but what the loopback service answered never reaches the merchant.
        detail.GetRawText().ShouldNotContain("internal-answer-5d1c");
        foreach (var attempt in detail.GetProperty("attempts").EnumerateArray())
        {
            attempt.GetProperty("httpStatus").GetInt32().ShouldBe(500);
            attempt.GetProperty("responseExcerpt").GetString().ShouldBe(Server.Webhooks.ExcerptPolicy.Withheld);
        }
    }

    [Fact]
    public async Task A_demo_restart_on_the_same_data_directory_prints_the_same_working_credentials()
    {
        var dataDir = TestDatabases.NewSqliteDirectory();
        var first = await DemoCredentialsAsync([], dataDir, checkWorks: true);
        var second = await DemoCredentialsAsync([], dataDir, checkWorks: true);

        second.ShouldBe(first);
        var other = await DemoCredentialsAsync([], TestDatabases.NewSqliteDirectory(), checkWorks: false);
        other.ApiKey.ShouldNotBe(first.ApiKey);
    }

    [Fact]
    public async Task Demo_credentials_fixed_by_configuration_are_used_and_survive_a_restart()
    {
        var key = RandomToken();
        var secret = RandomToken();
        var environment = new Dictionary<string, string>
        {
            ["Citrine__Demo__ApiKey"] = key,
            ["Citrine__Demo__ApiSecret"] = secret,
        };
        var dataDir = TestDatabases.NewSqliteDirectory();

        var first = await DemoCredentialsAsync(environment, dataDir, checkWorks: true);
        var again = await DemoCredentialsAsync(environment, dataDir, checkWorks: true);

        (first.ApiKey, first.ApiSecret).ShouldBe((key, secret));
        again.ShouldBe(first);
    }

    [Fact]
    public async Task A_fixed_demo_key_whose_stored_secret_differs_stops_the_server_with_one_line()
    {
        var key = RandomToken();
        var dataDir = TestDatabases.NewSqliteDirectory();
        await DemoCredentialsAsync(new Dictionary<string, string>
        {
            ["Citrine__Demo__ApiKey"] = key,
            ["Citrine__Demo__ApiSecret"] = RandomToken(),
        }, dataDir, checkWorks: false);

        var (exit, stdout, stderr) = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["Citrine__Demo__ApiKey"] = key,
            ["Citrine__Demo__ApiSecret"] = RandomToken(),
        }, "serve", "--demo", "--port", "0", "--data-dir", dataDir);

        exit.ShouldBe(1, stdout + stderr);
        stderr.Trim().ShouldBe("error: Citrine:Demo:ApiSecret: differs from the secret this database stores for Citrine:Demo:ApiKey. Fix: configure the secret the key was first used with, or another key.");
        (stdout + stderr).ShouldNotContain("   at ", Case.Sensitive);
    }

    private static async Task<(long MerchantId, string ApiKey, string ApiSecret)> DemoCredentialsAsync(
        Dictionary<string, string> environment, string dataDir, bool checkWorks)
    {
        // A loaded machine can take more than the default 1 s between signing and checking the first request.
        var settings = new Dictionary<string, string>(environment) { ["Citrine__TimestampWindowMs"] = "60000" };
        await using var cli = CliProcess.Start(settings, "serve", "--demo", "--port", "0", "--data-dir", dataDir);
        var baseUrl = await ListeningUrlAsync(cli);
        await cli.WaitForAsync("Press Ctrl+C");
        var text = cli.Stdout;
        var credentials = (long.Parse(Row(text, "merchantId", "[0-9]+"), System.Globalization.CultureInfo.InvariantCulture),
            Row(text, "apiKey", "[a-z0-9]{64}"), Row(text, "apiSecret", "[a-z0-9]{64}"));
        if (checkWorks)
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            var signed = new SignedHttp(http, new TestMerchant(credentials.Item1, credentials.Item2, credentials.Item3));
            var answer = await signed.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
            answer.Code.ShouldBe("000000", answer.ToString());
        }

        return credentials;
    }

    private static string Row(string text, string name, string pattern)
    {
        var match = Regex.Match(text, $@"\b{name}\W+({pattern})\b");
        match.Success.ShouldBeTrue($"no {name} in:\n{text}");
        return match.Groups[1].Value;
    }

    private static async Task<string> ListeningUrlAsync(CliProcess cli)
    {
        await cli.WaitForAsync("Citrine is listening on ");
        return ListeningLine().Match(cli.Stdout).Groups[1].Value;
    }

    private static async Task<JsonElement> WaitForFailedAsync(SignedHttp client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var events = await client.PostAsync("/sandbox/webhooks/events", new { });
            if (events.Data.GetArrayLength() > 0)
            {
                var eventId = events.Data[0].GetProperty("eventId").GetInt64();
                var detail = await client.PostAsync("/sandbox/webhooks/event", new { eventId });
                if (detail.Data.GetProperty("event").GetProperty("state").GetString() == "FAILED")
                {
                    return detail.Data;
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, detail.ToString());
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no webhook event was written");
            await Task.Delay(100);
        }
    }

    private static string RandomToken() => Convert.ToHexString(
        System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    [GeneratedRegex(@"Citrine is listening on (\S+) ")]
    private static partial Regex ListeningLine();
}
