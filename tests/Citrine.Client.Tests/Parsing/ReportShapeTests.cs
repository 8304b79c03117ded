using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts.Reports;

namespace Citrine.Client.Tests.Parsing;

/// <summary>The path and JSON each report method sends and how it reads the documented answer samples
/// (docs/api-reference.md#reports), against a signed loopback stand-in.</summary>
public sealed class ReportShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetFilesAsync_reads_the_captured_answer()
    {
        var (files, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/report/get-file",
            """{"status":"SUCCESS","code":"000000","data":[{"reportType":"Transaction","transactionType":"Payout","transactionDate":"15/08/2023","fileName":"T_Payout_15082023.xlsx","downloadUrl":"https://example.com/T_Payout_15082023.xlsx?X-Amz-Expires=3600"}],"errorMessage":""}""",
            c => c.Reports.GetFilesAsync(new ReportFileRequest
            {
                ReportType = "Transaction",
                TransactionType = "Payout",
                StartDate = "01/08/2023",
                EndDate = "31/08/2023",
            }, Ct));

        path.ShouldBe("/binancepay/openapi/report/get-file");
        sent.GetRawText().ShouldBe("""{"reportType":"Transaction","transactionType":"Payout","startDate":"01/08/2023","endDate":"31/08/2023"}""");
        var file = files.ShouldHaveSingleItem();
        file.FileName.ShouldBe("T_Payout_15082023.xlsx");
        file.TransactionDate.ShouldBe("15/08/2023");
    }

    [Fact]
    public async Task RequestBalanceReportAsync_reads_the_task_id_out_of_the_sentence()
    {
        var (id, path, sent) = await CannedService.CallOnceAsync("binancepay/openapi/balance-report",
            """{"status":"SUCCESS","code":"000000","data":"Your request has been submitted successfully. Your task ID: 197430692664688640","errorMessage":""}""",
            c => c.Reports.RequestBalanceReportAsync(new BalanceReportRequest
            {
                ReportType = "Balance",
                StartDate = "2023-08-01",
                EndDate = "2023-08-31",
            }, Ct));

        path.ShouldBe("/binancepay/openapi/balance-report");
        sent.GetRawText().ShouldBe("""{"reportType":"Balance","startDate":"2023-08-01","endDate":"2023-08-31"}""");
        id.ShouldBe("197430692664688640");
    }

    [Fact]
    public async Task QueryBalanceReportAsync_reads_the_fields_inside_data()
    {
        var (job, path, _) = await CannedService.CallOnceAsync("binancepay/openapi/balance-report/query",
            """{"status":"SUCCESS","code":"000000","data":{"exist":true,"downloadUrl":"","status":"PROCESSING"},"errorMessage":""}""",
            c => c.Reports.QueryBalanceReportAsync(new BalanceReportQueryRequest { DownloadId = "197430692664688640" }, Ct));

        path.ShouldBe("/binancepay/openapi/balance-report/query");
        job.Exist.ShouldBeTrue();
        job.Status.ShouldBe("PROCESSING");
        job.DownloadUrl.ShouldBe("");
    }
}
