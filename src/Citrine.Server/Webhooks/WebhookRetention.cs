using Citrine.Application;
using Citrine.Application.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Webhooks;

/// <summary>
/// Deletes finished webhook events (DELIVERED, FAILED, NO_DESTINATION) and their delivery attempts once they are
/// older than <c>Citrine:Retention:WebhookEventsHours</c> by their merchant's clock, every
/// <c>Citrine:Retention:IntervalMs</c>, in batches of <see cref="BatchMax"/> so that one transaction stays short. Its
/// own loop, apart from the expiry sweeps and nonce pruning, so a failure of one never stops the others; a failed tick
/// is logged and tried again on the next. Safe on several nodes (a DELETE of rows already gone deletes nothing).
/// </summary>
internal sealed partial class WebhookRetention(IWebhookStore store, CitrineOptions options, TimeProvider time,
    ILogger<WebhookRetention> logger) : BackgroundService
{
    /// <summary>Most events deleted by one transaction.</summary>
    public const int BatchMax = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hours = options.Retention.WebhookEventsHours;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Retention.IntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (hours == 0)
            {
                continue; // Kept for ever; the loop still runs so that readiness sees the same loops everywhere.
            }

            try
            {
                var keepMs = hours * 3_600_000L;
                var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                var total = 0;
                int pruned;
                do
                {
                    pruned = await store.PruneFinishedAsync(nowMs, keepMs, BatchMax, stoppingToken)
                        .ConfigureAwait(false);
                    total += pruned;
                }
                while (pruned == BatchMax && !stoppingToken.IsCancellationRequested);

                if (total > 0)
                {
                    Pruned(logger, total, hours);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Failed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information,
        Message = "Retention deleted {Count} finished webhook events older than {Hours} h, with their attempts")]
    private static partial void Pruned(ILogger logger, int count, int hours);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning,
        Message = "Webhook retention failed; retrying on the next tick")]
    private static partial void Failed(ILogger logger, Exception exception);
}
