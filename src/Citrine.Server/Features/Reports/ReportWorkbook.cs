using System.Globalization;
using Citrine.Application.Reports;
using Citrine.Contracts;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Citrine.Server.Features.Reports;

/// <summary>
/// Writes a report file as XLSX with the Open XML SDK (Binance's captured links end in <c>.xlsx</c>,
/// docs/compatibility.md#reports): one sheet, a header row, then one row per line. Text cells are inline strings and
/// amounts are numeric cells written from integer units with eight decimals, so a spreadsheet sums them exactly.
/// </summary>
internal static class ReportWorkbook
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] FileHeader =
        ["Time (UTC)", "Type", "Reference", "Merchant reference", "Wallet", "Currency", "Amount", "Order amount"];

    public static readonly string[] BalanceHeader =
        ["Wallet", "Currency", "Opening balance", "Credits", "Debits", "Closing balance"];

    public static byte[] Write(ReportFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var rows = file.Kind is null
            ? file.BalanceRows.Select(r => new[]
            {
                Text(r.Wallet), Text(r.Asset), Units(r.OpeningUnits), Units(r.CreditUnits), Units(r.DebitUnits),
                Units(r.ClosingUnits),
            })
            : file.Rows.Select(r => new[]
            {
                Text(DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss",
                    CultureInfo.InvariantCulture)),
                Text(r.Kind), Text(r.Reference), Text(r.MerchantReference ?? ""), Text(r.Wallet), Text(r.Asset),
                Units(r.Units), r.OrderAmountUnits is { } order ? Units(order) : Text(""),
            });

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row((file.Kind is null ? BalanceHeader : FileHeader).Select(Text)));
            foreach (var row in rows)
            {
                data.Append(Row(row));
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = workbook.GetIdOfPart(sheetPart),
                SheetId = 1,
                Name = "Report",
            }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(IEnumerable<Cell> cells)
    {
        var row = new Row();
        row.Append(cells);
        return row;
    }

    private static Cell Text(string text) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static Cell Units(long units) => new()
    {
        DataType = CellValues.Number,
        CellValue = new CellValue(Amounts.FormatUnits(units)),
    };
}
