using System.Globalization;
using Citrine.Application;
using Citrine.Application.Reports;
using Citrine.Contracts;
using Citrine.Contracts.Reports;
using Citrine.Contracts.Wallets;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Reports;

/// <summary>Download report, download balance report and its query (docs/api-reference.md#reports). Field forms and
/// the rules between fields are checked here; the rules that need the merchant's clock and the quota are
/// <see cref="ReportService"/>'s.</summary>
internal static class ReportEndpoints
{
    private const int DownloadIdMax = 32;

    private static readonly Field ReportType = Enum("reportType", required: true, ReportNames.ReportTypes);

    // Text, not an enum: a Settlement report sends it null or empty, which an enum field would refuse.
    private static readonly Field TransactionType = Text("transactionType", required: false, 16);
    private static readonly Field FileStart = Date("startDate", ReportNames.FileDateFormat);
    private static readonly Field FileEnd = Date("endDate", ReportNames.FileDateFormat);

    private static readonly Field BalanceReportType = Enum("reportType", required: true, ReportNames.BalanceReportTypes);
    private static readonly Field WalletType = Enum("walletType", required: false, WalletNames.Wallets);
    private static readonly Field BalanceStart = Date("startDate", ReportNames.BalanceDateFormat);
    private static readonly Field BalanceEnd = Date("endDate", ReportNames.BalanceDateFormat);

    private static readonly Field DownloadId = Text("downloadId", required: true, DownloadIdMax);

    public static readonly EndpointDeclaration GetFile = new()
    {
        Path = "/binancepay/openapi/report/get-file",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(ReportFileRequest),
        Response = typeof(IReadOnlyList<ReportFileResult>),
        Request = Shape.Of(ReportType, TransactionType, FileStart, FileEnd,
            Rule("a Transaction report names its transactionType", ResultCodes.MandatoryParamEmptyOrMalformed,
                c => c.Values.Text(ReportType) == ReportNames.Transaction
                     && string.IsNullOrEmpty(c.Values.Text(TransactionType))
                    ? "transactionType: is mandatory for a Transaction report"
                    : null),
            Rule("transactionType is Payment or Payout for a Transaction report, empty for a Settlement report",
                ResultCodes.InvalidParamWrongValue, c => TransactionTypeProblem(c.Values)),
            Rule("startDate is not after endDate, and the window is at most three months",
                ResultCodes.InvalidParamWrongValue,
                c => WindowProblem(c.Values, FileStart, FileEnd, ReportNames.FileDateFormat))),
        Handler = GetFileAsync,
        Summary = "Download report: the daily transaction or settlement files of a window (XLSX behind signed, "
                  + "expiring links; days without activity are left out)",
        Example = """{"reportType":"Transaction","transactionType":"Payout","startDate":"01/08/2023","endDate":"31/08/2023"}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration BalanceReport = new()
    {
        Path = "/binancepay/openapi/balance-report",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(BalanceReportRequest),
        Response = typeof(string),
        Request = Shape.Of(BalanceReportType, WalletType, BalanceStart, BalanceEnd,
            Rule("startDate is not after endDate, and the window is at most three months",
                ResultCodes.InvalidParamWrongValue,
                c => WindowProblem(c.Values, BalanceStart, BalanceEnd, ReportNames.BalanceDateFormat))),
        Handler = BalanceReportAsync,
        Summary = "Download balance report: starts an asynchronous job (at most 50 a month) whose id ends the "
                  + "answer's sentence; BALANCE webhook when it is built",
        Example = """{"reportType":"Balance","walletType":"FUNDING_WALLET","startDate":"2023-08-01","endDate":"2023-08-31"}""",
        Codes = [ResultCodes.InvalidRequest],
    };

    public static readonly EndpointDeclaration BalanceReportQuery = new()
    {
        Path = "/binancepay/openapi/balance-report/query",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(BalanceReportQueryRequest),
        Response = typeof(BalanceReportQueryResult),
        Request = Shape.Of(DownloadId),
        Handler = QueryAsync,
        Summary = "Query balance report: a job's status and, once built, its signed download link (exist: false for "
                  + "an id that is not the caller's)",
        Example = """{"downloadId":"197430692664688640"}""",
        Codes = [],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [GetFile, BalanceReport, BalanceReportQuery];

    private static Field Date(string name, string format) => Text(name, required: true, 10)
        .Check<string>(ResultCodes.MandatoryParamEmptyOrMalformed, $"a date {format}",
            text => TryDate(text, format, out _));

    private static bool TryDate(string? text, string format, out DateOnly date) =>
        DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static DateOnly DateOf(FieldValues values, Field field, string format) =>
        TryDate(values.Text(field), format, out var date) ? date : throw new InvalidOperationException(field.Name);

    private static string? TransactionTypeProblem(FieldValues values)
    {
        var type = values.Text(TransactionType);
        return values.Text(ReportType) == ReportNames.Transaction
            ? ReportNames.TransactionTypes.Contains(type) ? null : "transactionType: must be Payment or Payout"
            : string.IsNullOrEmpty(type) ? null : "transactionType: must be null or empty for a Settlement report";
    }

    private static string? WindowProblem(FieldValues values, Field start, Field end, string format)
    {
        var (from, to) = (DateOf(values, start, format), DateOf(values, end, format));
        return from > to ? "startDate: must not be after endDate"
            : to > from.AddMonths(ReportService.MaxWindowMonths) ? "endDate: the window is at most three months"
            : null;
    }

    private static async Task<IResult> GetFileAsync(Inbound request, ReportService reports, CitrineOptions options,
        HttpContext context, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var result = await reports.FilesAsync(request.MerchantId, f.Text(ReportType)!, f.Text(TransactionType),
            DateOf(f, FileStart, ReportNames.FileDateFormat), DateOf(f, FileEnd, ReportNames.FileDateFormat),
            OrderLinks.BaseUrl(context, options), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, files => files);
    }

    private static async Task<IResult> BalanceReportAsync(Inbound request, ReportService reports,
        CitrineOptions options, HttpContext context, CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var result = await reports.RequestBalanceAsync(request.MerchantId, f.Text(WalletType),
            DateOf(f, BalanceStart, ReportNames.BalanceDateFormat), DateOf(f, BalanceEnd, ReportNames.BalanceDateFormat),
            OrderLinks.BaseUrl(context, options), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result,
            id => ReportNames.SubmittedSentence + id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> QueryAsync(Inbound request, ReportService reports, CitrineOptions options,
        HttpContext context, CancellationToken cancellationToken) =>
        BinanceEnvelope.Ok(await reports.QueryAsync(request.MerchantId, request.Fields.Text(DownloadId)!,
            OrderLinks.BaseUrl(context, options), cancellationToken).ConfigureAwait(false));
}
