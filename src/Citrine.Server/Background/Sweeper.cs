using Citrine.Application;
using Citrine.Application.Auth;
using Citrine.Application.DirectDebit;
using Citrine.Application.Orders;
using Citrine.Application.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Background;

/// <summary>
/// Periodic housekeeping on every node: expires overdue orders (safe on several nodes, each transition is a
/// conditional update) and prunes nonces that are outside any timestamp window. The cadence is wall-clock; what is
/// "overdue" follows each record's merchant's sandbox clock (judged in SQL against the database's offsets; this node's
/// copy is refreshed first so that the expiry times it stamps agree), so the sandbox clock drives expiry. Nonces follow the
/// wall clock (<see cref="SandboxClock.Base"/>), as request timestamps do: advancing the sandbox clock must not prune
/// nonces that are still inside the timestamp window.
/// </summary>
internal sealed class Sweeper(OrderExpiry expiry, INonceStore nonces, CitrineOptions options, SandboxClock clock,
    ILogger<Sweeper> logger, ContractExpiry contracts, SandboxService sandbox) : BackgroundService
{
    private static readonly TimeSpan NonceRetentionMargin = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
        var ticks = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sandbox.RefreshClockAsync(stoppingToken).ConfigureAwait(false);
                while (await expiry.SweepAsync(stoppingToken).ConfigureAwait(false) == OrderExpiry.SweepBatchMax)
                {
                    // A full batch means more are due: keep going.
                }

                while (await contracts.SweepAsync(stoppingToken).ConfigureAwait(false) == ContractExpiry.SweepBatchMax)
                {
                    // Direct-debit contracts past their deadlines, likewise.
                }

                if (++ticks % 10 == 0)
                {
                    var cutoff = clock.Base.GetUtcNow() - TimeSpan.FromMilliseconds(2 * options.TimestampWindowMs)
                        - NonceRetentionMargin;
                    await nonces.PruneAsync(cutoff.ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sweep failed; retrying on the next tick");
            }
        }
    }
}
