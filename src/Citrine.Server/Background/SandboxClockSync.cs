using Citrine.Application;
using Citrine.Application.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Background;

/// <summary>
/// Keeps this node's <see cref="SandboxClock"/> in step with the offset in the database: once before the server
/// accepts requests (a restarted node must not run behind), then every sweep interval, so that an advance made on
/// another node reaches this one within an interval.
/// </summary>
internal sealed class SandboxClockSync(SandboxService sandbox, CitrineOptions options, ILogger<SandboxClockSync> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await sandbox.RefreshClockAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sandbox.RefreshClockAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sandbox clock refresh failed; retrying on the next tick");
            }
        }
    }
}
