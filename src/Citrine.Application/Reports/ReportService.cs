using System.Globalization;
using System.Text.Json;
using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Contracts.Reports;
using Citrine.Domain.Reports;

namespace Citrine.Application.Reports;

/// <summary>A daily file ready to be written: its name and its lines.</summary>
public sealed record ReportFile(string FileName, ReportFileKind? Kind, IReadOnlyList<ReportFileRow> Rows,
    IReadOnlyList<BalanceReportRow> BalanceRows);

/// <summary>
/// The report calls (docs/api-reference.md#reports): the day-window rules that need the merchant's sandbox clock, the
/// daily file list of report/get-file, balance report jobs and their query, and the files behind the signed links.
/// Field forms and the rules between fields are checked by the endpoint declarations before this runs.
/// </summary>
public sealed class ReportService(IReportStore store, ReportLinks links, TimeProvider time)
{
    /// <summary>The longest window of both calls: three months, as the documents say.</summary>
    public const int MaxWindowMonths = 3;

    /// <summary>The daily files of the window with their links (one hour); days without activity are left out.</summary>
    public async Task<Result<IReadOnlyList<ReportFileResult>>> FilesAsync(long merchantId, string reportType,
        string? transactionType, DateOnly start, DateOnly end, string baseUrl, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(merchantId);
        if (end > ReportContent.DayOf(nowMs))
        {
            return Fail("endDate: must not be after today");
        }

        var kinds = ReportContent.KindsOf(reportType, transactionType);
        var entries = await store.EntriesAsync(merchantId, ReportContent.DayStartMs(start),
            ReportContent.DayStartMs(end.AddDays(1)), cancellationToken).ConfigureAwait(false);
        var files = new List<ReportFileResult>();
        foreach (var day in entries.GroupBy(e => ReportContent.DayOf(e.AtMs)).OrderBy(g => g.Key))
        {
            foreach (var kind in kinds)
            {
                if (ReportContent.FileRows(merchantId, kind, day).Count == 0)
                {
                    continue;
                }

                var name = ReportContent.FileName(kind, day.Key);
                files.Add(new ReportFileResult
                {
                    ReportType = kind.ReportType,
                    TransactionType = kind.TransactionType,
                    TransactionDate = day.Key.ToString(ReportNames.FileDateFormat, CultureInfo.InvariantCulture),
                    FileName = name,
                    DownloadUrl = await links.LinkAsync(baseUrl, merchantId, name,
                        nowMs + ReportLinks.FileLinkLifetimeMs, cancellationToken).ConfigureAwait(false),
                });
            }
        }

        return Result<IReadOnlyList<ReportFileResult>>.Ok(files);
    }

    /// <summary>Starts a balance report job; its id is the answer. The window must end before today on the
    /// merchant's clock, and the merchant may start at most <see cref="ReportNames.BalanceReportsPerMonth"/> a month.</summary>
    public async Task<Result<long>> RequestBalanceAsync(long merchantId, string? walletType, DateOnly start,
        DateOnly end, string baseUrl, CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(merchantId);
        var today = ReportContent.DayOf(nowMs);
        if (end >= today)
        {
            return Result<long>.Fail(ResultCodes.InvalidParamWrongValue, "endDate: must be before today");
        }

        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            var job = new BalanceReportJob(Ids.NewPrepayId(nowMs), merchantId, walletType, start, end,
                BalanceReportStatus.Processing, baseUrl, nowMs, null, null, null);
            try
            {
                return await store.CreateAsync(job, month, ReportNames.BalanceReportsPerMonth, cancellationToken)
                    .ConfigureAwait(false)
                    ? Result<long>.Ok(job.DownloadId)
                    : Result<long>.Fail(ResultCodes.InvalidRequest, string.Create(CultureInfo.InvariantCulture,
                        $"balance report: at most {ReportNames.BalanceReportsPerMonth} a month; try again next month"));
            }
            catch (DuplicateIdException) when (attempt < 3)
            {
                // Another job drew the same random id in the same millisecond: draw again.
            }
        }
    }

    /// <summary>The caller's job; an id that is not the caller's (or not a number) reads as <c>exist: false</c>,
    /// exactly like one that never existed.</summary>
    public async Task<BalanceReportQueryResult> QueryAsync(long merchantId, string downloadId, string baseUrl,
        CancellationToken cancellationToken)
    {
        var job = long.TryParse(downloadId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await store.FindAsync(merchantId, id, cancellationToken).ConfigureAwait(false)
            : null;
        if (job is null)
        {
            return new BalanceReportQueryResult { Exist = false };
        }

        var nowMs = time.MerchantNowMs(merchantId);
        var status = BalanceReportLifecycle.Seen(job.Status, job.ExpiresAtMs, nowMs);
        if (status != job.Status)
        {
            await store.ExpireAsync(merchantId, id, nowMs, cancellationToken).ConfigureAwait(false);
        }

        var url = status == BalanceReportStatus.Success
            ? await links.LinkAsync(baseUrl, merchantId, ReportContent.BalanceFileName(id), job.ExpiresAtMs!.Value,
                cancellationToken).ConfigureAwait(false)
            : "";
        return new BalanceReportQueryResult { Exist = true, Status = status.WireName(), DownloadUrl = url };
    }

    /// <summary>The file a verified link names, or null when there is no such file (the caller answers 404).</summary>
    public async Task<ReportFile?> FileAsync(long merchantId, string fileName, CancellationToken cancellationToken)
    {
        if (ReportContent.TryParseBalanceFileName(fileName, out var downloadId))
        {
            var job = await store.FindAsync(merchantId, downloadId, cancellationToken).ConfigureAwait(false);
            return job is { ResultJson: { } json }
                ? new ReportFile(fileName, null, [],
                    JsonSerializer.Deserialize<List<BalanceReportRow>>(json, ReportJson.Options) ?? [])
                : null;
        }

        if (!ReportContent.TryParseFileName(fileName, out var kind, out var day))
        {
            return null;
        }

        var entries = await store.EntriesAsync(merchantId, ReportContent.DayStartMs(day),
            ReportContent.DayStartMs(day.AddDays(1)), cancellationToken).ConfigureAwait(false);
        return new ReportFile(fileName, kind, ReportContent.FileRows(merchantId, kind, entries), []);
    }

    private static Result<IReadOnlyList<ReportFileResult>> Fail(string message) =>
        Result<IReadOnlyList<ReportFileResult>>.Fail(ResultCodes.InvalidParamWrongValue, message);
}

/// <summary>Thrown by <see cref="IReportStore.CreateAsync"/> when the drawn id is taken.</summary>
public sealed class DuplicateIdException : Exception
{
    public DuplicateIdException()
    {
    }

    public DuplicateIdException(string message) : base(message)
    {
    }

    public DuplicateIdException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>How a built report's rows are stored in <c>balance_reports.result_json</c>.</summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
