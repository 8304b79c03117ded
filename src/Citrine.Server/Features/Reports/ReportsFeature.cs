using System.Globalization;
using System.Net;
using Citrine.Application;
using Citrine.Application.Reports;
using Citrine.Server.Background;
using Citrine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Features.Reports;

/// <summary>Wiring of reports (docs/api-reference.md#reports): services, the balance report processor loop and the
/// signed download route (endpoints: ReportEndpoints).</summary>
internal static class ReportsFeature
{
    public static IServiceCollection AddReports(this IServiceCollection services) => services
        .AddSingleton<IReportStore, SqlReportStore>()
        .AddSingleton<ReportLinks>()
        .AddSingleton<ReportService>()
        .AddSingleton<BalanceReportProcessor>()
        .AddHostedService<BalanceReportLoop>();

    /// <summary>The download route: outside the signed merchant API, like Binance's pre-signed file links; the link's
    /// own signature and expiry are the only check (ReportLinks).</summary>
    public static void MapReports(this IEndpointRouteBuilder app) =>
        app.MapGet(ReportLinks.PathPrefix + "{merchantId}/{fileName}", DownloadAsync);

    private static async Task<IResult> DownloadAsync(string merchantId, string fileName, HttpContext context,
        ReportLinks links, ReportService reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!long.TryParse(merchantId, NumberStyles.None, CultureInfo.InvariantCulture, out var merchant)
            || !long.TryParse(query["expires"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture,
                out var expires)
            || query["signature"].ToString() is not { Length: 64 } signature
            || !await links.VerifyAsync(ReportLinks.PathOf(merchant, fileName), expires, signature, cancellationToken)
                .ConfigureAwait(false))
        {
            return Page(StatusCodes.Status403Forbidden, "This download link is not valid.");
        }

        if (Application.Sandbox.MerchantTime.MerchantNowMs(time, merchant) >= expires)
        {
            return Page(StatusCodes.Status403Forbidden, "This download link has expired: ask for the report again.");
        }

        var file = await reports.FileAsync(merchant, fileName, cancellationToken).ConfigureAwait(false);
        return file is null
            ? Page(StatusCodes.Status404NotFound, "This report no longer exists.")
            : Results.File(ReportWorkbook.Write(file), ReportWorkbook.MediaType, fileName);
    }

    private static IResult Page(int status, string message) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Citrine report</title></head>"
        + $"<body><h1>Report download</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>",
        "text/html; charset=utf-8", null, status);
}

/// <summary>Builds due balance report jobs on the sweep cadence, on every node.</summary>
internal sealed class BalanceReportLoop(BalanceReportProcessor processor, CitrineOptions options,
    ILogger<BalanceReportLoop> logger) : SweepLoop(options, logger, "Balance report")
{
    protected override async Task<bool> SweepBatchAsync(CancellationToken cancellationToken)
    {
        var (claimed, failures) = await processor.SweepAsync(cancellationToken).ConfigureAwait(false);
        foreach (var failure in failures)
        {
            Logger.LogWarning("Balance report {Failure}; retried once its lease runs out", failure);
        }

        return claimed == BalanceReportProcessor.SweepBatchMax;
    }
}
