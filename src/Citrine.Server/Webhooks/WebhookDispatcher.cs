using System.Globalization;
using System.Collections.Concurrent;
using Citrine.Application;
using Citrine.Application.Sandbox;
using Citrine.Application.Sandbox.Faults;
using Citrine.Application.Webhooks;
using Citrine.Server.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Webhooks;

/// <summary>
/// Delivers the outbox on every node. Each poll claims due events with a lease (the database decides, so nodes never
/// send the same attempt twice), sends up to <see cref="InFlightMax"/> at once, and records each outcome with the
/// next due time from the <see cref="RetrySchedule"/> — in the database, so a restart or crash loses nothing. A
/// node that dies mid-attempt leaves a lease that expires after the attempt timeout plus
/// <see cref="CitrineOptions.WebhookLeaseMarginMs"/>; the event is then sent again (at-least-once). Due times follow the server's
/// <see cref="TimeProvider"/>; the poll cadence is wall-clock. In the sandbox, a merchant's armed webhook fault
/// (docs/sandbox.md#fault-injection) changes how an attempt goes out, never what is recorded: a duplicate is sent
/// twice, a delay waits before sending, a reordered event waits until another event of its merchant has been sent —
/// all while holding the lease, so no other node sends it meanwhile and the stream's order stays as it is.
/// </summary>
internal sealed class WebhookDispatcher(
    IWebhookStore store, WebhookKeyRing keys, WebhookSender sender, RetrySchedule schedule, CitrineOptions options,
    TimeProvider time, CitrineMetrics metrics, FaultInjector faults, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>Most attempts one node runs at once.</summary>
    public const int InFlightMax = 64;

    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    /// <summary>Per merchant, what its held (REORDER) events wait for: the next other event of that merchant sent.</summary>
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _nextSent = new();
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(Math.Max(1, options.WebhookPollIntervalMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = InFlightMax - _inFlight.Count;
            var claimed = free > 0 ? await ClaimAsync(free, stoppingToken).ConfigureAwait(false) : 0;
            if (claimed > 0 && claimed == free)
            {
                continue; // A full batch: more may be due.
            }

            try
            {
                // Woken early when an attempt ends: the next event of its stream may now be due.
                await _wake.WaitAsync(poll, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task<int> ClaimAsync(int limit, CancellationToken stoppingToken)
    {
        try
        {
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (!await store.HasDueAsync(nowMs, stoppingToken).ConfigureAwait(false))
            {
                return 0;
            }

            var leaseUntilMs = nowMs + options.WebhookTimeoutMs + options.WebhookLeaseMarginMs;
            var claims = await store.ClaimDueAsync(nowMs, leaseUntilMs, limit, stoppingToken).ConfigureAwait(false);
            foreach (var claim in claims)
            {
                // Registered before it starts, so its removal can never come first.
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight[claim.Event.EventId] = RunAsync(claim, start.Task, stoppingToken);
                start.SetResult();
            }

            return claims.Count;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.DispatchFailed(e);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    private async Task RunAsync(ClaimedEvent claim, Task start, CancellationToken stoppingToken)
    {
        await start.ConfigureAwait(false);
        try
        {
            await DeliverAsync(claim, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(claim.Event.EventId, out _);
            _wake.Release();
        }
    }

    private async Task DeliverAsync(ClaimedEvent claim, CancellationToken stoppingToken)
    {
        var webhookEvent = claim.Event;
        try
        {
            if (claim.Destination is null)
            {
                await store.MarkNoDestinationAsync(claim,
                    "no destination: neither the order's webhookUrl nor the merchant's webhook URL is set",
                    CancellationToken.None).ConfigureAwait(false);
                logger.NoDestination(webhookEvent.EventId, webhookEvent.MerchantId);
                return;
            }

            var fault = options.Sandbox
                ? await faults.TakeWebhookFaultAsync(webhookEvent.MerchantId, stoppingToken).ConfigureAwait(false)
                : null;
            await BeforeSendAsync(fault, webhookEvent.MerchantId, stoppingToken).ConfigureAwait(false);
            var key = await keys.CurrentAsync(stoppingToken).ConfigureAwait(false);
            var number = webhookEvent.Attempts + 1;
            var attempt = await sender.SendAsync(claim, key, number, stoppingToken).ConfigureAwait(false);
            if (fault?.Kind == FaultKinds.Duplicate)
            {
                // The same body again, freshly signed as a retry would be, before the outcome lets the stream move on.
                await sender.SendAsync(claim, key, number, stoppingToken).ConfigureAwait(false);
            }

            await RecordAsync(claim, attempt).ConfigureAwait(false);
            if (fault?.Kind != FaultKinds.Reorder && _nextSent.TryRemove(webhookEvent.MerchantId, out var sent))
            {
                sent.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-attempt is not an attempt: give the lease back so another node (or the restart) sends it.
            try
            {
                await store.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.DispatchFailed(e); // The lease then simply expires.
            }
        }
        catch (Exception e)
        {
            await RecordFailureAsync(claim, e).ConfigureAwait(false);
        }
    }

    /// <summary>What a webhook fault does before the attempt: a DELAY waits its time; a REORDER waits until another
    /// event of the merchant has been sent. Both are bounded by <see cref="FaultInjector.WebhookHoldMaxMs"/>, below
    /// the default <see cref="CitrineOptions.WebhookLeaseMarginMs"/>, so the lease outlives the wait and the attempt.
    /// Wall-clock, like the attempt
    /// timeout.</summary>
    private async Task BeforeSendAsync(FaultRule? fault, long merchantId, CancellationToken stoppingToken)
    {
        switch (fault?.Kind)
        {
            case FaultKinds.Delay:
                await Task.Delay(TimeSpan.FromMilliseconds(
                    Math.Min(fault.DurationMs ?? 0, FaultInjector.WebhookHoldMaxMs)), stoppingToken).ConfigureAwait(false);
                break;
            case FaultKinds.Reorder:
                var next = _nextSent.GetOrAdd(merchantId,
                    _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                try
                {
                    await next.Task.WaitAsync(TimeSpan.FromMilliseconds(FaultInjector.WebhookHoldMaxMs), stoppingToken)
                        .ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // No other event came (or it went out from another node): send it anyway.
                }

                break;
        }
    }

    /// <summary>
    /// Citrine itself failed on this event (issue 12): count it as an attempt on the retry schedule, so the event is
    /// retried with backoff and ends FAILED, visible through the sandbox and admin APIs, instead of being retried at
    /// every lease expiry for ever. Other events never wait for it (each runs on its own). If even that cannot be
    /// written, the lease expires and the event is tried again.
    /// </summary>
    private async Task RecordFailureAsync(ClaimedEvent claim, Exception exception)
    {
        var webhookEvent = claim.Event;
        var number = webhookEvent.Attempts + 1;
        var next = schedule.NextAttemptAtMs(number, time.MerchantNowMs(webhookEvent.MerchantId));
        var state = next is null ? WebhookStates.Failed : WebhookStates.Pending;
        // Only the type: a message may carry data that does not belong in a log or a column.
        var failure = $"internal error ({exception.GetType().Name})";
        try
        {
            if (!await store.RecordFailureAsync(claim, failure, state, next ?? webhookEvent.NextAttemptAtMs,
                    CancellationToken.None).ConfigureAwait(false))
            {
                logger.LeaseLost(webhookEvent.EventId);
                return;
            }
        }
        catch (Exception e)
        {
            logger.DispatchFailed(e);
            return;
        }

        metrics.WebhookAttempt(state, 0);
        var detail = next is { } at
            ? string.Create(CultureInfo.InvariantCulture, $": {failure}; next attempt of {schedule.AttemptsMax} at {at}")
            : $": {failure}; parked, redeliver it through the admin or sandbox API once fixed";
        logger.Attempt(next is null ? LogLevel.Error : LogLevel.Warning, webhookEvent.EventId, webhookEvent.BizType,
            webhookEvent.BizStatus, webhookEvent.MerchantId,
            claim.Destination is null ? "(none)" : HostOf(claim.Destination), number, state, null, 0, detail);
    }

    private async Task RecordAsync(ClaimedEvent claim, DeliveryAttempt attempt)
    {
        // The retry schedule follows the event's merchant's sandbox clock, as its due time is judged (SqlWebhookStore).
        var nowMs = time.MerchantNowMs(claim.Event.MerchantId);
        var next = attempt.Delivered ? null : schedule.NextAttemptAtMs(attempt.Attempt, nowMs);
        var state = attempt.Delivered ? WebhookStates.Delivered
            : next is null ? WebhookStates.Failed
            : WebhookStates.Pending;
        if (!await store.RecordAttemptAsync(claim, attempt, state, next ?? claim.Event.NextAttemptAtMs,
                CancellationToken.None).ConfigureAwait(false))
        {
            logger.LeaseLost(claim.Event.EventId);
            return;
        }

        // Outcome names the state the event is left in; a failed attempt says why and when the next one is due.
        var why = attempt.Error ?? string.Create(CultureInfo.InvariantCulture, $"HTTP {attempt.HttpStatus}");
        var (level, outcome, detail) = attempt.Delivered ? (LogLevel.Information, WebhookStates.Delivered, "")
            : next is { } nextAtMs ? (LogLevel.Information, WebhookStates.Pending, string.Create(
                CultureInfo.InvariantCulture, $": {why}; next attempt of {schedule.AttemptsMax} at {nextAtMs}"))
            : (LogLevel.Warning, WebhookStates.Failed, $": {why}; redeliver it through the admin or sandbox API");
        metrics.WebhookAttempt(outcome, attempt.LatencyMs);
        var webhookEvent = claim.Event;
        logger.Attempt(level, attempt.EventId, webhookEvent.BizType, webhookEvent.BizStatus, webhookEvent.MerchantId,
            HostOf(attempt.Destination), attempt.Attempt, outcome, attempt.HttpStatus, attempt.LatencyMs, detail);
    }

    private static string HostOf(string destination) =>
        Uri.TryCreate(destination, UriKind.Absolute, out var uri) ? uri.Authority : "(not a URL)";
}
