using Citrine.Application;
using Citrine.Application.Auth;
using Citrine.Application.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Background;

/// <summary>
/// Prunes nonces that are outside any timestamp window, every ten <c>SweepIntervalMs</c>. Its own loop, apart from the
/// expiry sweeps (<see cref="Sweeper"/>), so that a sweep that keeps failing does not let the nonces grow, and the
/// other way round. Nonces follow the wall clock (<see cref="SandboxClock.Base"/>), as request timestamps do:
/// advancing the sandbox clock must not prune nonces that are still inside the timestamp window.
/// </summary>
internal sealed partial class NoncePruner(INonceStore nonces, CitrineOptions options, SandboxClock clock,
    ILogger<NoncePruner> logger) : BackgroundService
{
    private static readonly TimeSpan RetentionMargin = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10L * options.SweepIntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var cutoff = clock.Base.GetUtcNow() - TimeSpan.FromMilliseconds(2 * options.TimestampWindowMs)
                    - RetentionMargin;
                await nonces.PruneAsync(cutoff.ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Failed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Nonce pruning failed; retrying on the next tick")]
    private static partial void Failed(ILogger logger, Exception exception);
}
