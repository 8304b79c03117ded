using System.Globalization;
using System.Text.RegularExpressions;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Configuration;

/// <summary>kill -9 of <c>citrine serve</c> while a payout batch is being processed, then a restart on the same data:
/// the batch reaches its final state and every line is paid exactly once (the wallet's arithmetic says so).</summary>
public sealed partial class PayoutCrashTests
{
    [Fact]
    public async Task A_batch_interrupted_by_kill_9_is_finished_after_a_restart_each_line_paid_once()
    {
        var dataDir = TestDatabases.NewSqliteDirectory();
        var settings = new Dictionary<string, string> { ["Citrine__TimestampWindowMs"] = "60000" };
        string binanceId;
        TestMerchant merchant;
        await using (var first = CliProcess.Start(settings, "serve", "--demo", "--port", "0", "--data-dir", dataDir))
        {
            await first.WaitForAsync("Press Ctrl+C");
            (merchant, binanceId) = (Merchant(first.Stdout), Row(first.Stdout, "binanceId", "[0-9]+"));
            var client = Client(first.Stdout, merchant);
            (await client.PostAsync("/sandbox/wallet/fund",
                new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "1000" })).Code.ShouldBe("000000");
            var lines = Enumerable.Range(0, 500).Select(i => new Dictionary<string, object?>
            {
                ["merchantSendId"] = i.ToString(CultureInfo.InvariantCulture),
                ["receiveType"] = "BINANCE_ID",
                ["receiver"] = binanceId,
                ["transferAmount"] = "0.5",
                ["transferMethod"] = "FUNDING_WALLET",
            }).ToArray();
            var accepted = await client.PostAsync("/binancepay/openapi/payout/transfer", new
            {
                requestId = "crash-1",
                batchName = "crash",
                currency = "USDT",
                totalAmount = 250,
                totalNumber = 500,
                transferDetailList = lines,
            });
            accepted.Code.ShouldBe("000000", accepted.ToString());
        } // Disposing kills the process tree (SIGKILL) while lines are being paid.

        await using var second = CliProcess.Start(settings, "serve", "--demo", "--port", "0", "--data-dir", dataDir);
        await second.WaitForAsync("Press Ctrl+C");
        var restarted = Client(second.Stdout, merchant);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        Answer query;
        while (true)
        {
            query = await restarted.PostAsync("/binancepay/openapi/payout/query", new { requestId = "crash-1" });
            query.Code.ShouldBe("000000", query.ToString());
            if (query.Data.GetProperty("batchStatus").GetString() is not ("ACCEPTED" or "PROCESSING"))
            {
                break;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the batch never finished after the restart");
            await Task.Delay(200);
        }

        query.Data.GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        query.Data.GetProperty("totalPaidAmount").GetDecimal().ShouldBe(250m);
        var balance = await restarted.PostAsync("/binancepay/openapi/v2/balance",
            new { wallet = "FUNDING_WALLET", currency = "USDT" });
        var usdt = balance.Data.GetProperty("balance")[0];
        usdt.GetProperty("freeze").GetDecimal().ShouldBe(0m);
        usdt.GetProperty("available").GetDecimal().ShouldBe(750m);
    }

    private static TestMerchant Merchant(string text) => new(
        long.Parse(Row(text, "merchantId", "[0-9]+"), CultureInfo.InvariantCulture),
        Row(text, "apiKey", "[a-z0-9]{64}"), Row(text, "apiSecret", "[a-z0-9]{64}"));

    private static SignedHttp Client(string text, TestMerchant merchant) =>
        new(new HttpClient { BaseAddress = new Uri(Listening().Match(text).Groups[1].Value) }, merchant);

    private static string Row(string text, string name, string pattern)
    {
        var match = Regex.Match(text, $@"\b{name}\W+({pattern})\b");
        match.Success.ShouldBeTrue($"no {name} in:\n{text}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Citrine is listening on (\S+) ")]
    private static partial Regex Listening();
}
