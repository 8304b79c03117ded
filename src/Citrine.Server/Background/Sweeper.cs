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
            // Each job in its own try (issue 12): a failing expiry sweep must not stop nonce pruning, nor the other.
            await RunAsync("Sandbox clock refresh", () => sandbox.RefreshClockAsync(stoppingToken), stoppingToken)
                .ConfigureAwait(false);
            await RunAsync("Order expiry", () => DrainAsync(expiry.SweepAsync, "order", stoppingToken), stoppingToken)
                .ConfigureAwait(false);
            await RunAsync("Contract expiry", () => DrainAsync(contracts.SweepAsync, "contract", stoppingToken),
                stoppingToken).ConfigureAwait(false);
            if (++ticks % 10 == 0)
            {
                var cutoff = clock.Base.GetUtcNow() - TimeSpan.FromMilliseconds(2 * options.TimestampWindowMs)
                    - NonceRetentionMargin;
                await RunAsync("Nonce pruning", () => nonces.PruneAsync(cutoff.ToUnixTimeMilliseconds(), stoppingToken),
                    stoppingToken).ConfigureAwait(false);
            }
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
