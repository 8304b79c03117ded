using System.Globalization;
using Citrine.Client;
using Citrine.Contracts.Reports;
using Citrine.Testing;

namespace Citrine.Server.Tests.Reports;

/// <summary>The SDK's <see cref="ReportsClient"/> against a live server: typed files and their download, a balance
/// report's id read out of the sentence, its query and download, and refusals as <see cref="CitrineApiException"/>.</summary>
public abstract class ReportSdkTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Files_and_a_balance_report_through_the_sdk()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync("Sdk Report Shop", receiver.Url);
        var signed = Server.Signed(merchant);
        var client = new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 });
        var buyerId = await Server.CreateBuyerAsync("Sdk Report Buyer");
        (await signed.PostAsync("/sandbox/buyers/fund",
            new { buyerId, funds = new Dictionary<string, object> { ["USDT"] = "50" } })).Code.ShouldBe("000000");
        (await signed.SandboxPayAsync(await signed.CreateOrderAsync(Orders.V2(amount: 3m)), buyerId)).Code
            .ShouldBe("000000");
        var day = ReportKit.Day(await ReportKit.ActivityDayStartAsync(Server, merchant.MerchantId), "dd/MM/yyyy");

        var files = await client.Reports.GetFilesAsync(new ReportFileRequest
        {
            ReportType = ReportNames.Settlement,
            StartDate = day,
            EndDate = day,
        });
        var file = files.ShouldHaveSingleItem();
        file.FileName.ShouldStartWith("S_Payment_");
        file.TransactionType.ShouldBeNull();
        using var bytes = new MemoryStream();
        await client.Reports.DownloadAsync(new Uri(file.DownloadUrl), bytes);
        var rows = ReportKit.ReadXlsx(bytes.ToArray());
        rows.Count.ShouldBe(2);
        rows[1][7].ShouldBe("3.00000000");

        var id = await client.Reports.RequestBalanceReportAsync(new BalanceReportRequest
        {
            ReportType = ReportNames.Balance,
            StartDate = "2024-02-01",
            EndDate = "2024-02-29",
        });
        id.ShouldMatch("^[0-9]{18}$");
        var deadline = DateTime.UtcNow + ReportKit.Patience;
        BalanceReportQueryResult job;
        while ((job = await client.Reports.QueryBalanceReportAsync(new BalanceReportQueryRequest { DownloadId = id }))
               .Status == "PROCESSING")
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(100);
        }

        job.Exist.ShouldBeTrue();
        job.Status.ShouldBe("SUCCESS");

        // The BALANCE webhook, verified and parsed by the SDK as a merchant's receiver would.
        var delivery = await NextBalanceWebhookAsync(receiver);
        var webhook = await new WebhookVerifier(client).VerifyAsync(delivery.Body,
            WebhookHeaders.From(delivery.Header));
        webhook.BizStatus.ShouldBe("BALANCE_SUCCESS");
        webhook.BizId.ShouldBe(id);
        var built = webhook.BalanceReport.ShouldNotBeNull();
        built.DownloadId.ToString(CultureInfo.InvariantCulture).ShouldBe(id);
        built.DownloadType.ShouldBe(ReportNames.DownloadType);
        built.UserId.ShouldBe(merchant.MerchantId);
        built.Status.ShouldBe(2);
        built.DownloadLink.ShouldBe(job.DownloadUrl);
        built.CreateTime.ShouldMatch(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$");
        webhook.Pay.ShouldBeNull();
        webhook.Payout.ShouldBeNull();
        using var report = new MemoryStream();
        await client.Reports.DownloadAsync(new Uri(job.DownloadUrl), report);
        ReportKit.ReadXlsx(report.ToArray())[0][0].ShouldBe("Wallet");
        var tampered = new Uri(job.DownloadUrl.Replace("expires=", "expires=1", StringComparison.Ordinal));
        await Should.ThrowAsync<HttpRequestException>(() => client.Reports.DownloadAsync(tampered, Stream.Null));

        (await client.Reports.QueryBalanceReportAsync(new BalanceReportQueryRequest { DownloadId = "42" })).Exist
            .ShouldBeFalse();
        var refused = await Should.ThrowAsync<CitrineApiException>(() => client.Reports.RequestBalanceReportAsync(
            new BalanceReportRequest { ReportType = ReportNames.Balance, StartDate = "2024-03-02", EndDate = "2024-03-01" }));
        refused.Code.ShouldBe("400102");
    }

    private static async Task<ReceivedRequest> NextBalanceWebhookAsync(LoopbackReceiver receiver)
    {
        while (true)
        {
            var delivery = await receiver.NextAsync(ReportKit.Patience);
            if (WebhookEvent.Parse(delivery.Body).BizType == ReportNames.BizTypeBalance)
            {
                return delivery;
            }
        }
    }

    [Theory]
    [InlineData("Your request has been submitted successfully. Your task ID: 197430692664688640", "197430692664688640")]
    [InlineData("197430692664688640", "197430692664688640")]
    [InlineData(" Your task ID:42 ", "42")]
    public void The_task_id_is_read_out_of_the_sentence(string answer, string id)
    {
        ReportsClient.TaskIdOf(answer).ShouldBe(id);
        ReportsClient.TaskIdOf(ReportsClient.SentenceOf(long.Parse(id, CultureInfo.InvariantCulture))).ShouldBe(id);
    }
}

public sealed class SqliteReportSdkTests(SqliteServer fixture) : ReportSdkTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresReportSdkTests(PostgresServer fixture)
    : ReportSdkTests(fixture), IClassFixture<PostgresServer>;
