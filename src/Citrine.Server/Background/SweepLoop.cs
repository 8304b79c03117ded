using Citrine.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Background;

/// <summary>
/// A processor loop on every node (refund settlement, payout lines, split lines, balance report jobs): on each tick of
/// the sweep cadence it sweeps batch after batch while a batch comes back full. A sweep that throws (the database
/// itself: rows are settled one by one and report their own failures) is logged by its type only, since a message
/// may carry data that does not belong in a log, and tried again on the next tick.
/// </summary>
internal abstract class SweepLoop(CitrineOptions options, ILogger logger, string what) : BackgroundService
{
    protected ILogger Logger => logger;

    /// <summary>Sweeps one batch; true when it was full, so more may be due.</summary>
    protected abstract Task<bool> SweepBatchAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                while (await SweepBatchAsync(stoppingToken).ConfigureAwait(false))
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("{What} sweep failed ({ExceptionType}); retrying on the next tick", what,
                    e.GetType().Name);
            }
        }
    }
}
