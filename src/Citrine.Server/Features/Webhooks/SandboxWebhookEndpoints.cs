using Citrine.Application.Sandbox;
using System.Diagnostics;
using System.Text;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Webhooks;

/// <summary>
/// Webhook helpers for merchants under <c>/sandbox/webhooks</c> (Citrine-only, not part of Binance), signed with the
/// merchant's own API key like the merchant API: list its events, one event with its delivery log, redeliver, and
/// the long poll that <c>citrine listen</c> tails. A merchant sees only its own events.
/// </summary>
internal static class SandboxWebhookEndpoints
{
    /// <summary>Longest a poll waits for a new event.</summary>
    public const int PollWaitMaxMs = 30_000;

    /// <summary>Most events one poll returns.</summary>
    public const int PollLimitMax = 100;

    private static readonly TimeSpan PollCheckInterval = TimeSpan.FromMilliseconds(100);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapSigned("/sandbox/webhooks/events", ListAsync);
        app.MapSigned("/sandbox/webhooks/event", (request, context) => WithOwnEventAsync(request, context, redeliver: false));
        app.MapSigned("/sandbox/webhooks/redeliver", (request, context) => WithOwnEventAsync(request, context, redeliver: true));
        app.MapSigned("/sandbox/webhooks/poll", PollAsync);
    }

    private static async Task<IResult> ListAsync(SignedRequest request, HttpContext context)
    {
        var before = request.Fields.Long("beforeEventId", required: false) ?? long.MaxValue;
        var limit = (int)Math.Clamp(request.Fields.Long("limit", required: false) ?? 50, 1,
            WebhookAdminEndpoints.PageMax);
        var services = context.RequestServices;
        var schedule = services.GetRequiredService<RetrySchedule>();
        var events = await services.GetRequiredService<IWebhookStore>()
            .ListNewestAsync(request.Merchant.MerchantId, before, limit, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.Ok(events.Select(e => WebhookEventView.From(e, schedule)).ToList());
    }

    private static async Task<IResult> WithOwnEventAsync(SignedRequest request, HttpContext context, bool redeliver)
    {
        var eventId = request.Fields.Long("eventId", required: true)!.Value;
        var services = context.RequestServices;
        var store = services.GetRequiredService<IWebhookStore>();
        var schedule = services.GetRequiredService<RetrySchedule>();
        var found = await store.GetAsync(eventId, context.RequestAborted).ConfigureAwait(false);
        // An event's merchant never changes, so checking ownership before the update is not a race.
        if (found is null || found.MerchantId != request.Merchant.MerchantId)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidParamWrongValue, "eventId: no such event of this merchant");
        }

        if (redeliver)
        {
            var nowMs = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
            await store.RedeliverAsync(eventId, nowMs, context.RequestAborted).ConfigureAwait(false);
        }

        return await WebhookAdminEndpoints.DetailAsync(eventId, store, schedule, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static async Task<IResult> PollAsync(SignedRequest request, HttpContext context)
    {
        var services = context.RequestServices;
        var store = services.GetRequiredService<IWebhookStore>();
        var merchantId = request.Merchant.MerchantId;
        var waitMs = Math.Clamp(request.Fields.Long("waitMs", required: false) ?? 0, 0, PollWaitMaxMs);
        var limit = (int)Math.Clamp(request.Fields.Long("limit", required: false) ?? 50, 1, PollLimitMax);
        var cancellationToken = context.RequestAborted;
        // Without a cursor the poll starts at the newest event: a listener sees what happens from now on.
        var after = request.Fields.Long("afterEventId", required: false)
            ?? await store.LastEventIdAsync(merchantId, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<WebhookEventRecord> events;
        try
        {
            events = await WaitForEventsAsync(store, merchantId, after, limit, waitMs, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            events = []; // The listener went away; nobody reads this answer.
        }

        var key = await services.GetRequiredService<WebhookKeyRing>().CurrentAsync(cancellationToken)
            .ConfigureAwait(false);
        var nowMs = SandboxClock.WallClockOf(services.GetRequiredService<TimeProvider>()).GetUtcNow()
            .ToUnixTimeMilliseconds();
        var polled = events.Select(e =>
        {
            var signed = SignedWebhook.Create(e, key, nowMs);
            return new PolledWebhook(e.EventId, e.BizType, e.BizId, Http.Wire.Id(e.BizId), e.BizStatus, e.State,
                e.Attempts, e.CreatedAtMs, Encoding.UTF8.GetString(signed.Body), signed.Timestamp, signed.Nonce,
                signed.Signature, signed.CertSerial);
        }).ToList();
        return BinanceEnvelope.Ok(new PollResult(merchantId, polled.Count > 0 ? polled[^1].EventId : after, polled));
    }

    private static async Task<IReadOnlyList<WebhookEventRecord>> WaitForEventsAsync(IWebhookStore store,
        long merchantId, long after, int limit, long waitMs, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var events = await store.ListAsync(merchantId, after, limit, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0 || Stopwatch.GetElapsedTime(started).TotalMilliseconds >= waitMs)
            {
                return events;
            }

            await Task.Delay(PollCheckInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
