using Citrine.Application;
using Citrine.Application.Requests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Features.Requests;

/// <summary>
/// Drains <see cref="RequestJournal"/>: once an entry arrives it waits <c>Citrine:Journal:FlushIntervalMs</c> for more,
/// redacts each body excerpt, rule and header value (<see cref="BodyExcerpt"/>; off the request path) and appends up to
/// <see cref="BatchMax"/> entries in one write. A failed write drops its batch (counted like a full queue): the journal
/// is a diagnostic aid, never a reason to stall.
/// </summary>
internal sealed partial class RequestJournalWriter(RequestJournal journal, IRequestJournalStore store,
    CitrineOptions options, ILogger<RequestJournalWriter> logger) : BackgroundService
{
    /// <summary>Most entries per write.</summary>
    public const int BatchMax = 500;

    /// <summary>How long the last flush may take when the server stops.</summary>
    private static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Journal.FlushIntervalMs);
        try
        {
            while (await journal.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
                while (await FlushAsync(stoppingToken).ConfigureAwait(false) == BatchMax)
                {
                    // A full batch: more may be waiting.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write what is queued, briefly.
            using var timeout = new CancellationTokenSource(FinalFlushTimeout);
            try
            {
                while (await FlushAsync(timeout.Token).ConfigureAwait(false) == BatchMax)
                {
                    // Until the queue is empty.
                }
            }
            catch (OperationCanceledException)
            {
                // Given up: the rest is lost with the process, as a full queue would have dropped it.
            }
        }
    }

    private async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new List<RequestJournalEntry>();
        while (batch.Count < BatchMax && journal.Reader.TryRead(out var request))
        {
            batch.Add(Redact(request));
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        try
        {
            await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            journal.Dropped(batch.Count);
            WriteFailed(logger, batch.Count, e.GetType().Name);
        }

        return batch.Count;
    }

    private static RequestJournalEntry Redact(JournaledRequest r) => new(
        0, r.MerchantId, r.AtMs, r.Method, r.Path, r.HttpStatus, r.Code, r.LatencyMs,
        Header(r.Rule), Header(r.Timestamp), r.TimestampCheck, Header(r.Nonce), r.NonceCheck, r.SignatureCheck, BodyExcerpt.Of(r.Body.Span, cut: r.BodyBytes > r.Body.Length), r.BodyBytes);

    // A timestamp's 13 digits may pass the Luhn check (and the rule of 400003 names the server time): headers and the
    // rule only lose key-like runs.
    private static string? Header(string? text) => text is null ? null : BodyExcerpt.RedactText(text, cards: false);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "Request journal: {Count} entries dropped, the write failed ({Error})")]
    private static partial void WriteFailed(ILogger logger, int count, string error);
}
