using System.Globalization;
using Citrine.Client.Http;
using Citrine.Contracts.Reports;

namespace Citrine.Client;

/// <summary>Reports: the daily files of report/get-file, balance report jobs and their query, and downloading a file
/// from its signed link. Reach it through <see cref="CitrineClient.Reports"/>.</summary>
public class ReportsClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal ReportsClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected ReportsClient()
    {
    }

    /// <summary>
    /// The daily files of a window (<c>POST /binancepay/openapi/report/get-file</c>): one per day with activity, each
    /// with a signed link that lapses after an hour.
    /// </summary>
    /// <exception cref="CitrineApiException">For example <c>400102</c> when the window is longer than three months or
    /// a Transaction report names no valid <c>transactionType</c>.</exception>
    public virtual async Task<IReadOnlyList<ReportFileResult>> GetFilesAsync(ReportFileRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<List<ReportFileResult>>(ApiPaths.ReportGetFile, request,
            RetryKind.Read, cancellationToken).ConfigureAwait(false);
        return response.Value ?? [];
    }

    /// <summary>
    /// Starts a balance report job (<c>POST /binancepay/openapi/balance-report</c>) and answers its task id, read out
    /// of the sentence the service answers with. Poll <see cref="QueryBalanceReportAsync"/> or wait for the
    /// <c>BALANCE</c> webhook.
    /// </summary>
    /// <remarks>Not retried once the request may have reached the service: each job counts against the merchant's 50
    /// a month.</remarks>
    /// <exception cref="CitrineApiException">For example <c>400102</c> when the window does not end before today, or
    /// <c>400001</c> once the month's 50 reports are used.</exception>
    public virtual async Task<string> RequestBalanceReportAsync(BalanceReportRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<string>(ApiPaths.BalanceReport, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false);
        return TaskIdOf(response.Value);
    }

    /// <summary>A balance report job's status and, once built, its download link
    /// (<c>POST /binancepay/openapi/balance-report/query</c>); <c>Exist</c> is false for an unknown id.</summary>
    public virtual async Task<BalanceReportQueryResult> QueryBalanceReportAsync(BalanceReportQueryRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.DownloadId, nameof(request));
        var response = await _pipeline.PostAsync<BalanceReportQueryResult>(ApiPaths.BalanceReportQuery, request,
            RetryKind.Read, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Copies the file behind a signed <paramref name="downloadUrl"/> (from <see cref="GetFilesAsync"/>, a
    /// query or the <c>BALANCE</c> webhook) into <paramref name="destination"/>.</summary>
    /// <exception cref="HttpRequestException">The link was refused: tampered, expired (403) or the report is gone
    /// (404).</exception>
    public virtual Task DownloadAsync(Uri downloadUrl, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloadUrl);
        ArgumentNullException.ThrowIfNull(destination);
        return _pipeline.DownloadAsync(downloadUrl, destination, cancellationToken);
    }

    /// <summary>The digits after the last <c>:</c> of <c>"… Your task ID: 197430692664688640"</c>; the whole text
    /// when it has no such ending (a service that answers the bare id).</summary>
    public static string TaskIdOf(string? answer)
    {
        var text = (answer ?? "").Trim();
        var tail = text[(text.LastIndexOf(':') + 1)..].Trim();
        return tail.Length > 0 && tail.All(char.IsAsciiDigit) ? tail : text;
    }

    /// <summary>The sentence <see cref="RequestBalanceReportAsync"/> reads the id from, for tests and tools.</summary>
    public static string SentenceOf(long taskId) =>
        ReportNames.SubmittedSentence + taskId.ToString(CultureInfo.InvariantCulture);
}
