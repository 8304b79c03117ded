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
            // Each job in its own try (issue 12): a failing order sweep must not stop the contract sweep.
            await RunAsync("Sandbox clock refresh", () => sandbox.RefreshClockAsync(stoppingToken), stoppingToken)
                .ConfigureAwait(false);
            await RunAsync("Order expiry", () => DrainAsync(expiry.SweepAsync, "order", stoppingToken), stoppingToken)
                .ConfigureAwait(false);
            await RunAsync("Contract expiry", () => DrainAsync(contracts.SweepAsync, "contract", stoppingToken),
                stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sweeps until a batch comes back short (a full batch means more are due), logging each failed
    /// record: a warning while it will be retried, an error once it is parked.</summary>
    private async Task DrainAsync(Func<CancellationToken, Task<ExpirySweep>> sweep, string kind,
        CancellationToken stoppingToken)
    {
        ExpirySweep result;
        do
        {
            result = await sweep(stoppingToken).ConfigureAwait(false);
            foreach (var failure in result.Failures)
            {
                if (failure.Parked)
                {
                    logger.LogError(
                        "Expiry of {Kind} {ItemId} (merchant {MerchantId}) parked after {Failures} failures, last " +
                        "{Error}; see background_failures ({Loop})", kind, failure.ItemId, failure.MerchantId,
                        failure.Failures, failure.Error, failure.Loop);
                }
                else
                {
                    logger.LogWarning(
                        "Expiry of {Kind} {ItemId} (merchant {MerchantId}) failed ({Error}), attempt {Failures}; will " +
                        "retry", kind, failure.ItemId, failure.MerchantId, failure.Error, failure.Failures);
                }
            }
        }
        while (result.Found == Expiry<object>.SweepBatchMax);
    }

    private async Task RunAsync(string job, Func<Task> run, CancellationToken stoppingToken)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Listing or recording failed (the database itself): nothing was done wrongly, try next tick.
            logger.LogWarning("{Job} failed ({ExceptionType}); retrying on the next tick", job, e.GetType().Name);
        }
    }
}
