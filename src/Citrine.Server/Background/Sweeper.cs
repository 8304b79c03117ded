using Citrine.Application;
using Citrine.Application.DirectDebit;
using Citrine.Application.Orders;
using Citrine.Application.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Background;

/// <summary>
/// Periodic expiry on every node: expires overdue orders and contracts (safe on several nodes, each transition is a
/// conditional update). The cadence is wall-clock; what is "overdue" follows each record's merchant's sandbox clock
/// (judged in SQL against the database's offsets; this node's copy is refreshed first so that the expiry times it
/// stamps agree), so the sandbox clock drives expiry. Nonce pruning (<see cref="NoncePruner"/>) and webhook retention
/// (<c>Webhooks/WebhookRetention.cs</c>) are loops of their own, so that a failing sweep stops neither.
/// </summary>
internal sealed class Sweeper(OrderExpiry expiry, CitrineOptions options, ILogger<Sweeper> logger,
    ContractExpiry contracts, SandboxService sandbox) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SweepIntervalMs));
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
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sweep failed; retrying on the next tick");
            }
        }
    }
}
