using Citrine.Application;
using Citrine.Application.Requests;
using Citrine.Application.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Features.Requests;

/// <summary>
/// Keeps the request journal bounded, independently of the writer: every <c>Citrine:Journal:PruneIntervalMs</c> it
/// deletes entries older than <c>RetentionHours</c> (server wall clock, as the entries are stamped) and, per merchant,
/// all but the newest <c>MaxPerMerchant</c>. Safe on several nodes: each pass is plain deletes.
/// </summary>
internal sealed partial class RequestJournalPruner(IRequestJournalStore store, CitrineOptions options,
    TimeProvider time, ILogger<RequestJournalPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var journal = options.Journal;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(journal.PruneIntervalMs));
        do
        {
            try
            {
                var cutoff = SandboxClock.WallClockOf(time).GetUtcNow() - TimeSpan.FromHours(journal.RetentionHours);
                await store.PruneAsync(cutoff.ToUnixTimeMilliseconds(), journal.MaxPerMerchant, stoppingToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                PruneFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Request journal pruning failed ({Error}); retrying on the next tick")]
    private static partial void PruneFailed(ILogger logger, string error);
}
