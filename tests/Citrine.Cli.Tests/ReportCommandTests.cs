using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine report file|balance|show</c> against a running server, the downloaded files read back with the
/// Open XML SDK.</summary>
public abstract class ReportCommandTests(Store store)
{
    [Fact]
    public async Task File_balance_and_show_list_start_poll_and_download_reports()
    {
        await using var server = await TestServer.StartAsync(store);
        var merchant = await server.CreateMerchantAsync();
        var client = server.Signed(merchant);
        var buyerId = await server.CreateBuyerAsync("Cli Report Buyer");
        (await client.PostAsync("/sandbox/buyers/fund",
            new { buyerId, funds = new Dictionary<string, object> { ["USDT"] = "50" } })).Code.ShouldBe("000000");
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 12.5m));
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        var directory = Directory.CreateTempSubdirectory("citrine-report-").FullName;
        try
        {
            var today = DateTime.UtcNow;
            var (exit, files) = await CliRunner.AsMerchantAsync(server, merchant, "report", "file", "--type", "Transaction",
                "--transaction-type", "Payment", "--start", Day(today.AddDays(-1), "dd/MM/yyyy"), "--end",
                Day(today, "dd/MM/yyyy"), "--out", directory);
            exit.ShouldBe(0, files.ToString());
            var file = files.GetProperty("files").EnumerateArray().ShouldHaveSingleItem();
            file.GetProperty("fileName").GetString().ShouldStartWith("T_Payment_");
            var saved = files.GetProperty("saved").EnumerateArray().ShouldHaveSingleItem().GetString()!;
            var rows = ReadXlsx(saved);
            rows.Count.ShouldBe(2);
            rows[1][6].ShouldBe("12.50000000");

            var (bExit, started) = await CliRunner.AsMerchantAsync(server, merchant, "report", "balance", "--start", "2024-01-01",
                "--end", "2024-01-31", "--wallet", "FUNDING_WALLET");
            bExit.ShouldBe(0, started.ToString());
            var downloadId = started.GetProperty("downloadId").GetString()!;
            downloadId.ShouldMatch("^[0-9]{18}$");

            var path = Path.Combine(directory, "balance.xlsx");
            var (sExit, shown) = await CliRunner.AsMerchantAsync(server, merchant, "report", "show", "--download-id", downloadId,
                "--wait", "--out", path);
            sExit.ShouldBe(0, shown.ToString());
            shown.GetProperty("exist").GetBoolean().ShouldBeTrue();
            shown.GetProperty("status").GetString().ShouldBe("SUCCESS");
            shown.GetProperty("savedTo").GetString().ShouldBe(path);
            var balance = ReadXlsx(path);
            balance[0][0].ShouldBe("Wallet");
            balance.Count.ShouldBe(1, "nothing happened in January 2024");

            var (uExit, unknown) = await CliRunner.AsMerchantAsync(server, merchant, "report", "show", "--download-id", "1");
            uExit.ShouldBe(0, unknown.ToString());
            unknown.GetProperty("exist").GetBoolean().ShouldBeFalse();

            var (badExit, bad) = await CliRunner.AsMerchantAsync(server, merchant, "report", "balance", "--start", "01/01/2024",
                "--end", "2024-01-31");
            badExit.ShouldNotBe(0);
            bad.GetProperty("code").GetString().ShouldBe("400100");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Day(DateTime day, string format) => day.ToString(format, CultureInfo.InvariantCulture);

    private static List<string[]> ReadXlsx(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return [.. sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c =>
            c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToArray())];
    }
}

public sealed class SqliteReportCommandTests() : ReportCommandTests(Store.Sqlite);

public sealed class PostgresReportCommandTests() : ReportCommandTests(Store.Postgres);
