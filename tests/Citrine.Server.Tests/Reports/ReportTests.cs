using System.Globalization;
using System.Text.Json;
using Citrine.Server.Tests.Payouts;
using Citrine.Server.Tests.Wallets;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using static Citrine.Server.Tests.Reports.ReportKit;

namespace Citrine.Server.Tests.Reports;

/// <summary>Reports over real HTTP (docs/api-reference.md#reports): daily files and balance reports whose totals are
/// checked against the ledger summed with raw SQL, the files read back with the Open XML SDK, the BALANCE webhook
/// verified as a merchant would, the quota under concurrency, signed links refused when tampered or expired, foreign
/// ids, and the sandbox reset.</summary>
public abstract class ReportTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<(SignedHttp Client, LoopbackReceiver Receiver)> MerchantAsync()
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync("Report Shop", receiver.Url));
        return (client, receiver);
    }

    /// <summary>Activity of every kind the files list: wallet funding, two paid orders, a refund, a transfer to SPOT
    /// and a payout paid from each wallet.</summary>
    private async Task ActivityAsync(SignedHttp client)
    {
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 100);
        var buyerId = await Server.CreateBuyerAsync("Report Buyer");
        (await client.PostAsync("/sandbox/buyers/fund",
            new { buyerId, funds = new Dictionary<string, object> { ["USDT"] = "1000" } })).Code.ShouldBe("000000");
        var first = await client.CreateOrderAsync(Orders.V2(amount: 10m));
        (await client.SandboxPayAsync(first, buyerId)).Code.ShouldBe("000000");
        var second = await client.CreateOrderAsync(Orders.V2(amount: 7.25m));
        (await client.SandboxPayAsync(second, buyerId)).Code.ShouldBe("000000");
        var refund = await client.PostAsync("/binancepay/openapi/order/refund", new Dictionary<string, object?>
        {
            ["refundRequestId"] = Guid.NewGuid().ToString("N"),
            ["prepayId"] = first.ToString(CultureInfo.InvariantCulture),
            ["refundAmount"] = 2.5m,
        });
        refund.Code.ShouldBe("000000", refund.ToString());
        (await client.PostAsync("/binancepay/openapi/wallet/transfer", new
        {
            requestId = Guid.NewGuid().ToString("N"),
            currency = "USDT",
            amount = "20",
            transferType = "TO_MAIN",
        })).Code.ShouldBe("000000");
        var receiver = await PayoutKit.BuyerAsync(Server, "Report Receiver");
        var requestId = "rep-" + Guid.NewGuid().ToString("N")[..8];
        var batch = await client.PostAsync(PayoutKit.TransferPath, PayoutKit.Batch(requestId,
            PayoutKit.Line("f", "BINANCE_ID", receiver.BinanceId, "3"),
            PayoutKit.Line("s", "BINANCE_ID", receiver.BinanceId, "4", "SPOT_WALLET")));
        batch.Code.ShouldBe("000000", batch.ToString());
        (await PayoutKit.FinalAsync(client, requestId)).GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
    }

    private async Task AdvanceAsync(SignedHttp client, long ms) =>
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = ms })).Code.ShouldBe("000000");

    [Fact]
    public async Task A_balance_report_equals_the_ledger_is_downloaded_as_xlsx_and_sends_one_verified_BALANCE_webhook()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        var certificates = await WebhookKit.CertificatesAsync(client);
        await ActivityAsync(client);
        var day = await ActivityDayStartAsync(Server, merchantId);
        await AdvanceAsync(client, 2 * DayMs);

        var id = TaskId(await client.PostAsync(BalancePath, new
        {
            reportType = "Balance",
            startDate = Day(day - DayMs, "yyyy-MM-dd"),
            endDate = Day(day, "yyyy-MM-dd"),
        }));
        id.Length.ShouldBe(18);
        var final = await FinalAsync(client, id);
        final.GetProperty("exist").GetBoolean().ShouldBeTrue();
        final.GetProperty("status").GetString().ShouldBe("SUCCESS");
        var url = final.GetProperty("downloadUrl").GetString()!;
        url.ShouldContain($"/reports/download/{merchantId}/Balance_{id}.xlsx?expires=");

        var (status, body, mediaType) = await DownloadAsync(Server, url);
        status.ShouldBe(200);
        mediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var rows = ReadXlsx(body);
        rows[0].ShouldBe(["Wallet", "Currency", "Opening balance", "Credits", "Debits", "Closing balance"]);
        rows.Skip(1).Select(r => r[0]).ShouldBe(["FUNDING_WALLET", "SPOT_WALLET"]);
        foreach (var row in rows.Skip(1))
        {
            var (open, credits, debits, closing) = (Number(row[2]), Number(row[3]), Number(row[4]), Number(row[5]));
            var start = day - DayMs;
            var end = day + DayMs;
            Units(open).ShouldBe(await LedgerSumAsync(Server, merchantId, row[0], row[1], 0, start));
            Units(credits - debits).ShouldBe(await LedgerSumAsync(Server, merchantId, row[0], row[1], start, end));
            Units(closing).ShouldBe(await LedgerSumAsync(Server, merchantId, row[0], row[1], 0, end));
            // Nothing happened since the window: the closing balance is today's materialised balance too.
            var balance = row[0] == "FUNDING_WALLET"
                ? await Server.BalanceUnitsAsync($"merchant:{merchantId}", row[1])
                  + await Server.BalanceUnitsAsync($"merchant:{merchantId}:funding:freeze", row[1])
                : await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", row[1])
                  + await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot:freeze", row[1]);
            Units(closing).ShouldBe(balance);
        }

        // Funding: 100 + 10 + 7.25 in, 2.5 refunded, 20 to SPOT and a 3 payout out; SPOT: 20 in, 4 out.
        rows[1][5].ShouldBe("91.75000000");
        rows[1][3].ShouldBe("117.25000000");
        rows[1][4].ShouldBe("25.50000000");
        rows[2][5].ShouldBe("16.00000000");

        // The activity's own webhooks (payments, refund, payout) come first; the balance report's is one of a kind.
        var webhook = await NextBalanceWebhookAsync(receiver);
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var envelope = JsonDocument.Parse(webhook.Body).RootElement;
        envelope.GetProperty("bizType").GetString().ShouldBe("BALANCE");
        envelope.GetProperty("bizStatus").GetString().ShouldBe("BALANCE_SUCCESS");
        envelope.GetProperty("bizIdStr").GetString().ShouldBe(id);
        var data = JsonDocument.Parse(envelope.GetProperty("data").GetString()!).RootElement;
        data.GetProperty("downloadType").GetString().ShouldBe("merchant_balance_download_task");
        data.GetProperty("downloadId").GetInt64().ToString(CultureInfo.InvariantCulture).ShouldBe(id);
        data.GetProperty("userId").GetInt64().ShouldBe(merchantId);
        data.GetProperty("status").GetInt32().ShouldBe(2);
        data.GetProperty("createTime").GetString()!.ShouldMatch(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$");
        var link = data.GetProperty("downloadLink").GetString()!;
        data.GetProperty("expirationTimestamp").GetInt64().ToString(CultureInfo.InvariantCulture)
            .ShouldBe(link.Split("expires=")[1].Split('&')[0]);
        ReadXlsx((await DownloadAsync(Server, link)).Body).ShouldBe(rows);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_type = 'BALANCE' AND biz_id = @id",
            ("@id", long.Parse(id, CultureInfo.InvariantCulture)))).ShouldBe(1, "one webhook per report");

        // The link lapses after a day on the merchant's clock: the job reads EXPIRED and the link is refused.
        await AdvanceAsync(client, DayMs + 1000);
        var expired = await client.PostAsync(QueryPath, new { downloadId = id });
        expired.Data.GetProperty("status").GetString().ShouldBe("EXPIRED");
        expired.Data.GetProperty("downloadUrl").GetString().ShouldBe("");
        (await DownloadAsync(Server, url)).Status.ShouldBe(403);
        (await Server.QueryDbAsync("SELECT status FROM balance_reports WHERE download_id = @id",
            r => r.GetString(0), ("@id", long.Parse(id, CultureInfo.InvariantCulture)))).Single().ShouldBe("EXPIRED");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    private static async Task<ReceivedRequest> NextBalanceWebhookAsync(LoopbackReceiver receiver)
    {
        while (true)
        {
            var webhook = await receiver.NextAsync(Patience);
            if (JsonDocument.Parse(webhook.Body).RootElement.GetProperty("bizType").GetString() == "BALANCE")
            {
                return webhook;
            }
        }
    }

    private static long Units(decimal amount) => (long)(amount * 100_000_000m);

    [Fact]
    public async Task Transaction_and_settlement_files_list_active_days_and_their_totals_equal_the_ledger()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        await ActivityAsync(client);
        var day = await ActivityDayStartAsync(Server, merchantId);
        var (from, to) = (Day(day - DayMs, "dd/MM/yyyy"), Day(day, "dd/MM/yyyy"));
        var stamp = Day(day, "ddMMyyyy");

        var payments = await client.PostAsync(FilePath,
            new { reportType = "Transaction", transactionType = "Payment", startDate = from, endDate = to });
        payments.Code.ShouldBe("000000", payments.ToString());
        var file = payments.Data.EnumerateArray().ShouldHaveSingleItem();
        file.GetProperty("reportType").GetString().ShouldBe("Transaction");
        file.GetProperty("transactionType").GetString().ShouldBe("Payment");
        file.GetProperty("transactionDate").GetString().ShouldBe(to);
        file.GetProperty("fileName").GetString().ShouldBe($"T_Payment_{stamp}.xlsx");
        var rows = ReadXlsx((await DownloadAsync(Server, file.GetProperty("downloadUrl").GetString()!)).Body);
        rows[0].ShouldBe(["Time (UTC)", "Type", "Reference", "Merchant reference", "Wallet", "Currency", "Amount",
            "Order amount"]);
        rows.Count.ShouldBe(3);
        rows.Skip(1).ShouldAllBe(r => r[1] == "PAYMENT" && r[4] == "FUNDING_WALLET" && r[3].Length > 0);
        rows.Skip(1).Select(r => r[7]).ShouldBe(["10.00000000", "7.25000000"]);
        Units(rows.Skip(1).Sum(r => Number(r[6])))
            .ShouldBe(await MerchantSumAsync(Server, merchantId, "'PAYMENT'", day, day + DayMs));

        var payouts = await client.PostAsync(FilePath,
            new { reportType = "Transaction", transactionType = "Payout", startDate = from, endDate = to });
        var payoutFile = payouts.Data.EnumerateArray().ShouldHaveSingleItem();
        payoutFile.GetProperty("fileName").GetString().ShouldBe($"T_Payout_{stamp}.xlsx");
        var payoutRows = ReadXlsx((await DownloadAsync(Server, payoutFile.GetProperty("downloadUrl").GetString()!)).Body);
        payoutRows.Skip(1).Select(r => (r[3], r[4], r[6])).OrderBy(r => r.Item1, StringComparer.Ordinal).ShouldBe(
            [("f", "FUNDING_WALLET", "-3.00000000"), ("s", "SPOT_WALLET", "-4.00000000")]);
        Units(payoutRows.Skip(1).Sum(r => Number(r[6])))
            .ShouldBe(await MerchantSumAsync(Server, merchantId, "'PAYOUT'", day, day + DayMs));

        var settlement = await client.PostAsync(FilePath,
            new { reportType = "Settlement", transactionType = "", startDate = from, endDate = to });
        settlement.Code.ShouldBe("000000", settlement.ToString());
        settlement.Data.EnumerateArray().Select(f => f.GetProperty("fileName").GetString())
            .ShouldBe([$"S_Payment_{stamp}.xlsx", $"S_Refund_{stamp}.xlsx"]);
        var refunds = settlement.Data.EnumerateArray().Last();
        refunds.TryGetProperty("transactionType", out _).ShouldBeFalse();
        var refundRows = ReadXlsx((await DownloadAsync(Server, refunds.GetProperty("downloadUrl").GetString()!)).Body);
        Units(refundRows.Skip(1).Sum(r => Number(r[6]))).ShouldBe(
            await MerchantSumAsync(Server, merchantId, "'REFUND_HOLD', 'REFUND_RELEASE'", day, day + DayMs));
        refundRows.Count.ShouldBe(2);

        // A window without activity lists no file; a null transactionType is a Settlement's too.
        var quiet = await client.PostAsync(FilePath, new
        {
            reportType = "Settlement",
            transactionType = (string?)null,
            startDate = Day(day - 40 * DayMs, "dd/MM/yyyy"),
            endDate = Day(day - 30 * DayMs, "dd/MM/yyyy"),
        });
        quiet.Code.ShouldBe("000000", quiet.ToString());
        quiet.Data.GetArrayLength().ShouldBe(0);
    }

    public static TheoryData<string, object, string> BadRequests()
    {
        var today = DateTime.UtcNow;
        string File(DateTime d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        string Iso(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new()
        {
            { FilePath, new { transactionType = "Payment", startDate = "01/08/2023", endDate = "02/08/2023" }, "400100" },
            { FilePath, new { reportType = "transaction", transactionType = "Payment", startDate = "01/08/2023", endDate = "02/08/2023" }, "400102" },
            { FilePath, new { reportType = "Transaction", startDate = "01/08/2023", endDate = "02/08/2023" }, "400100" },
            { FilePath, new { reportType = "Transaction", transactionType = "Refund", startDate = "01/08/2023", endDate = "02/08/2023" }, "400102" },
            { FilePath, new { reportType = "Settlement", transactionType = "Payment", startDate = "01/08/2023", endDate = "02/08/2023" }, "400102" },
            { FilePath, new { reportType = "Transaction", transactionType = "Payment", startDate = "2023-08-01", endDate = "02/08/2023" }, "400100" },
            { FilePath, new { reportType = "Transaction", transactionType = "Payment", startDate = "31/02/2023", endDate = "02/08/2023" }, "400100" },
            { FilePath, new { reportType = "Transaction", transactionType = "Payment", endDate = "02/08/2023" }, "400100" },
            { FilePath, new { reportType = "Transaction", transactionType = "Payment", startDate = "03/08/2023", endDate = "02/08/2023" }, "400102" },
            { FilePath, new { reportType = "Transaction", transactionType = "Payment", startDate = "01/05/2023", endDate = "02/08/2023" }, "400102" },
            { FilePath, new { reportType = "Transaction", transactionType = "Payment", startDate = File(today), endDate = File(today.AddDays(2)) }, "400102" },
            { BalancePath, new { startDate = "2023-08-01", endDate = "2023-08-02" }, "400100" },
            { BalancePath, new { reportType = "balance", startDate = "2023-08-01", endDate = "2023-08-02" }, "400102" },
            { BalancePath, new { reportType = "Balance", walletType = "MAIN", startDate = "2023-08-01", endDate = "2023-08-02" }, "400102" },
            { BalancePath, new { reportType = "Balance", startDate = "01/08/2023", endDate = "2023-08-02" }, "400100" },
            { BalancePath, new { reportType = "Balance", startDate = "2023-08-01" }, "400100" },
            { BalancePath, new { reportType = "Balance", startDate = "2023-08-03", endDate = "2023-08-02" }, "400102" },
            { BalancePath, new { reportType = "Balance", startDate = "2023-05-01", endDate = "2023-08-02" }, "400102" },
            { BalancePath, new { reportType = "Balance", startDate = Iso(today.AddDays(-3)), endDate = Iso(today.AddDays(1)) }, "400102" },
            { QueryPath, new { }, "400100" },
            { QueryPath, new { downloadId = new string('1', 33) }, "400101" },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Every_field_rule_answers_its_code_and_starts_nothing(string path, object body, string code)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Bad Report"));
        var answer = await client.PostAsync(path, body);
        answer.Code.ShouldBe(code, answer.ToString());
        answer.Status.ShouldBe("FAIL");
        ((int)answer.HttpStatus).ShouldBe(400);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM balance_reports WHERE merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(0);
    }

    [Fact]
    public async Task The_window_is_judged_by_the_merchants_sandbox_clock()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Clock Report"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = new { reportType = "Balance", startDate = today, endDate = today };
        (await client.PostAsync(BalancePath, body)).Code.ShouldBe("400102");
        await AdvanceAsync(client, 2 * DayMs);
        TaskId(await client.PostAsync(BalancePath, body)).ShouldNotBeEmpty();
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        (await client.PostAsync(FilePath, new
        {
            reportType = "Transaction",
            transactionType = "Payment",
            startDate = tomorrow,
            endDate = tomorrow,
        })).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Tampered_or_expired_links_are_refused_with_a_403_page()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 5);
        var other = Server.Signed(await Server.CreateMerchantAsync("Other Shop"));
        await WalletTests.FundAsync(other, "FUNDING_WALLET", "USDT", 5);
        var today = DateTime.UtcNow.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var answer = await client.PostAsync(FilePath,
            new { reportType = "Transaction", transactionType = "Payment", startDate = today, endDate = today });
        answer.Data.GetArrayLength().ShouldBe(0, "wallet funding is no payment");
        var order = await client.CreateOrderAsync(Orders.V2(amount: 1m));
        var buyerId = await Server.CreateBuyerAsync("Link Buyer");
        (await client.PostAsync("/sandbox/buyers/fund",
            new { buyerId, funds = new Dictionary<string, object> { ["USDT"] = "10" } })).Code.ShouldBe("000000");
        (await client.SandboxPayAsync(order, buyerId)).Code.ShouldBe("000000");
        var day = Day(await ActivityDayStartAsync(Server, merchantId), "dd/MM/yyyy");
        var url = (await client.PostAsync(FilePath, new
        {
            reportType = "Transaction",
            transactionType = "Payment",
            startDate = day,
            endDate = day,
        })).Data[0].GetProperty("downloadUrl").GetString()!;
        (await DownloadAsync(Server, url)).Status.ShouldBe(200);

        var signature = url.Split("signature=")[1];
        var flipped = (signature[0] == 'a' ? 'b' : 'a') + signature[1..];
        var expires = long.Parse(url.Split("expires=")[1].Split('&')[0], CultureInfo.InvariantCulture);
        string[] tampered =
        [
            url.Replace(signature, flipped, StringComparison.Ordinal),
            url.Replace($"/{merchantId}/", $"/{other.Merchant.MerchantId}/", StringComparison.Ordinal),
            url.Replace("T_Payment_", "S_Payment_", StringComparison.Ordinal),
            url.Replace($"expires={expires}", $"expires={expires + 3_600_000}", StringComparison.Ordinal),
            url.Split('?')[0],
            url.Split("&signature=")[0],
            url.Replace($"/{merchantId}/", "/x/", StringComparison.Ordinal),
            url.Replace($"expires={expires}", "expires=-1", StringComparison.Ordinal),
        ];
        foreach (var link in tampered)
        {
            var (status, body, mediaType) = await DownloadAsync(Server, link);
            status.ShouldBe(403, link);
            mediaType.ShouldBe("text/html");
            System.Text.Encoding.UTF8.GetString(body).ShouldContain("not valid");
        }

        // One hour on the merchant's clock later the link has expired; the other merchant's clock is no concern.
        await AdvanceAsync(client, 3_600_000);
        var (expiredStatus, expiredBody, _) = await DownloadAsync(Server, url);
        expiredStatus.ShouldBe(403);
        System.Text.Encoding.UTF8.GetString(expiredBody).ShouldContain("expired");
    }

    [Fact]
    public async Task Another_merchants_download_id_reads_as_unknown_and_its_file_cannot_be_reached()
    {
        var victim = Server.Signed(await Server.CreateMerchantAsync("Victim Reports"));
        var attacker = Server.Signed(await Server.CreateMerchantAsync("Attacker Reports"));
        var body = new { reportType = "Balance", startDate = "2024-01-01", endDate = "2024-01-31" };
        var victimId = TaskId(await victim.PostAsync(BalancePath, body));
        (await FinalAsync(victim, victimId)).GetProperty("status").GetString().ShouldBe("SUCCESS");
        var ownId = TaskId(await attacker.PostAsync(BalancePath, body));
        var ownUrl = (await FinalAsync(attacker, ownId)).GetProperty("downloadUrl").GetString()!;

        var foreign = await attacker.PostAsync(QueryPath, new { downloadId = victimId });
        var unknown = await attacker.PostAsync(QueryPath, new { downloadId = "197430692664688640" });
        foreign.Data.GetRawText().ShouldBe("""{"exist":false,"downloadUrl":""}""");
        foreign.Body.ShouldBe(unknown.Body);
        (await attacker.PostAsync(QueryPath, new { downloadId = "not-a-number" })).Body.ShouldBe(unknown.Body);

        // The attacker's own link, pointed at the victim's file or the victim's merchant id, no longer verifies.
        (await DownloadAsync(Server, ownUrl.Replace(ownId, victimId, StringComparison.Ordinal))).Status.ShouldBe(403);
        (await DownloadAsync(Server, ownUrl.Replace($"/{attacker.Merchant.MerchantId}/",
            $"/{victim.Merchant.MerchantId}/", StringComparison.Ordinal))).Status.ShouldBe(403);
        (await DownloadAsync(Server, ownUrl)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task A_sandbox_reset_deletes_the_merchants_report_jobs_and_their_quota()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Reset Reports"));
        var body = new { reportType = "Balance", startDate = "2024-01-01", endDate = "2024-01-02" };
        var id = TaskId(await client.PostAsync(BalancePath, body));
        var url = (await FinalAsync(client, id)).GetProperty("downloadUrl").GetString()!;
        (await client.PostAsync("/sandbox/reset", new { })).Code.ShouldBe("000000");

        (await client.PostAsync(QueryPath, new { downloadId = id })).Data.GetProperty("exist").GetBoolean()
            .ShouldBeFalse();
        (await DownloadAsync(Server, url)).Status.ShouldBe(404);
        foreach (var table in new[] { "balance_reports", "report_quota" })
        {
            (await Server.Database.CountAsync($"SELECT COUNT(*) FROM {table} WHERE merchant_id = @m",
                ("@m", client.Merchant.MerchantId))).ShouldBe(0);
        }

        TaskId(await client.PostAsync(BalancePath, body)).ShouldNotBeEmpty();
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_job_left_leased_by_a_crashed_node_is_built_once_its_lease_runs_out()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var body = new { reportType = "Balance", startDate = "2024-01-01", endDate = "2024-01-02" };
        // The job's row is written leased far ahead by a "node" that then dies: nobody builds it meanwhile.
        var id = long.Parse(TaskId(await client.PostAsync(BalancePath, body)), CultureInfo.InvariantCulture);
        var leased = await ExecuteAsync(Server,
            "UPDATE balance_reports SET lease_until_ms = @far, lease_token = 'dead-node' WHERE download_id = @id AND status = 'PROCESSING'",
            ("@far", long.MaxValue / 2), ("@id", id));
        if (leased == 1)
        {
            (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(1500))).ShouldBeTrue("a leased job waits");
            (await client.PostAsync(QueryPath, new { downloadId = id.ToString(CultureInfo.InvariantCulture) }))
                .Data.GetProperty("status").GetString().ShouldBe("PROCESSING");
            await ExecuteAsync(Server, "UPDATE balance_reports SET lease_until_ms = 0 WHERE download_id = @id",
                ("@id", id));
        }

        (await FinalAsync(client, id.ToString(CultureInfo.InvariantCulture))).GetProperty("status").GetString()
            .ShouldBe("SUCCESS");
        var webhook = await receiver.NextAsync(Patience);
        webhook.BodyText.ShouldContain("BALANCE_SUCCESS");
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue("built and notified once");
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE biz_type = 'BALANCE' AND biz_id = @id", ("@id", id))).ShouldBe(1);
    }
}

public sealed class SqliteReportTests(SqliteServer fixture) : ReportTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresReportTests(PostgresServer fixture) : ReportTests(fixture), IClassFixture<PostgresServer>;

/// <summary>The monthly cap under 100 concurrent requests, on a server with a wide timestamp window
/// (ServerTuning.Busy) so that requests queued behind each other are not refused as stale.</summary>
public abstract class ReportQuotaTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task AdvanceAsync(SignedHttp client, long ms) =>
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = ms })).Code.ShouldBe("000000");

    [Fact]
    public async Task Of_100_concurrent_balance_reports_exactly_50_are_accepted_in_a_month()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Quota Report"));
        var body = new { reportType = "Balance", walletType = "SPOT_WALLET", startDate = "2024-01-01", endDate = "2024-01-31" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.PostAsync(BalancePath, body)));
        answers.Count(a => a.Code == "000000").ShouldBe(50);
        var refused = answers.Where(a => a.Code != "000000").ToList();
        refused.Count.ShouldBe(50);
        refused.ShouldAllBe(a => a.Code == "400001" && a.ErrorMessage!.Contains("at most 50 a month"));
        answers.Where(a => a.Code == "000000").Select(TaskId).Distinct().Count().ShouldBe(50);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM balance_reports WHERE merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(50);

        // The next month of the merchant's clock starts a new count.
        await AdvanceAsync(client, 32 * DayMs);
        TaskId(await client.PostAsync(BalancePath, body)).ShouldNotBeEmpty();
    }
}

public sealed class SqliteReportQuotaTests(SqliteTransferRaceServer fixture)
    : ReportQuotaTests(fixture), IClassFixture<SqliteTransferRaceServer>;

public sealed class PostgresReportQuotaTests(PostgresTransferRaceServer fixture)
    : ReportQuotaTests(fixture), IClassFixture<PostgresTransferRaceServer>;
