using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Citrine.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Citrine.Server.Tests.Reports;

/// <summary>Helpers of the report tests: the calls, the job poll, reading a downloaded XLSX back with the Open XML
/// SDK, and the ledger's own sums read with raw SQL.</summary>
internal static partial class ReportKit
{
    public const string FilePath = "/binancepay/openapi/report/get-file";
    public const string BalancePath = "/binancepay/openapi/balance-report";
    public const string QueryPath = "/binancepay/openapi/balance-report/query";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public const long DayMs = 24L * 60 * 60 * 1000;

    /// <summary>The task id at the end of balance-report's sentence, as a client must read it.</summary>
    public static string TaskId(Answer answer)
    {
        answer.Code.ShouldBe("000000", answer.ToString());
        var match = TaskIdPattern().Match(answer.Data.GetString()!);
        match.Success.ShouldBeTrue(answer.ToString());
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"^Your request has been submitted successfully\. Your task ID: (\d+)$")]
    private static partial Regex TaskIdPattern();

    public static async Task<JsonElement> FinalAsync(SignedHttp client, string downloadId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await client.PostAsync(QueryPath, new { downloadId });
            answer.Code.ShouldBe("000000", answer.ToString());
            if (answer.Data.GetProperty("status").GetString() != "PROCESSING")
            {
                return answer.Data.Clone();
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the balance report job never finished");
            await Task.Delay(100);
        }
    }

    /// <summary>Downloads a link (absolute, from the server) and answers the status and the bytes.</summary>
    public static async Task<(int Status, byte[] Body, string? MediaType)> DownloadAsync(TestServer server, string url)
    {
        using var response = await server.Http.GetAsync(new Uri(url).PathAndQuery);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(),
            response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Every row of the first sheet as text, read back with the Open XML SDK.</summary>
    public static List<string[]> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return [.. sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c =>
            c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToArray())];
    }

    public static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>The merchant's wallet accounts of <paramref name="wallet"/> (available and frozen parts), as SQL.</summary>
    public static string WalletAccounts(long merchantId, string wallet) => wallet == "SPOT_WALLET"
        ? $"('merchant:{merchantId}:spot', 'merchant:{merchantId}:spot:freeze')"
        : $"('merchant:{merchantId}', 'merchant:{merchantId}:funding:freeze')";

    /// <summary>The ledger's sum of a wallet's postings in one asset, journals stamped in [from, to).</summary>
    public static async Task<long> LedgerSumAsync(TestServer server, long merchantId, string wallet, string asset,
        long fromMs, long toMs, string? kinds = null)
    {
        var sum = await server.QueryDbAsync(
            $"""
            SELECT CAST(COALESCE(SUM(p.units), 0) AS BIGINT) FROM postings p JOIN journals j ON j.journal_id = p.journal_id
            WHERE p.account IN {WalletAccounts(merchantId, wallet)} AND p.asset = @s
                AND j.created_at_ms >= @from AND j.created_at_ms < @to {(kinds is null ? "" : $"AND j.kind IN ({kinds})")}
            """, r => r.GetInt64(0), ("@s", asset), ("@from", fromMs), ("@to", toMs));
        return sum.Single();
    }

    /// <summary>The ledger's sum of the merchant's postings (every wallet) in journals of <paramref name="kinds"/>.</summary>
    public static async Task<long> MerchantSumAsync(TestServer server, long merchantId, string kinds, long fromMs,
        long toMs) =>
        await LedgerSumAsync(server, merchantId, "FUNDING_WALLET", "USDT", fromMs, toMs, kinds)
        + await LedgerSumAsync(server, merchantId, "SPOT_WALLET", "USDT", fromMs, toMs, kinds);

    /// <summary>The UTC day (start, ms) of the merchant's latest journal.</summary>
    public static async Task<long> ActivityDayStartAsync(TestServer server, long merchantId)
    {
        var last = (await server.QueryDbAsync(
            """
            SELECT MAX(j.created_at_ms) FROM journals j JOIN postings p ON p.journal_id = j.journal_id
            WHERE p.account = @a OR p.account LIKE @prefix
            """, r => r.GetInt64(0), ("@a", $"merchant:{merchantId}"), ("@prefix", $"merchant:{merchantId}:%"))).Single();
        return last - last % DayMs;
    }

    public static string Day(long dayStartMs, string format) =>
        DateTimeOffset.FromUnixTimeMilliseconds(dayStartMs).UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Runs one statement in a write transaction of the server's database; answers the rows changed.</summary>
    public static Task<int> ExecuteAsync(TestServer server, string sql, params (string Name, object Value)[] parameters) =>
        server.Database.WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            return await command.ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);
}
