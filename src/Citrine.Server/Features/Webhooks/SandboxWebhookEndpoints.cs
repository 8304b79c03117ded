using Citrine.Application;
using Citrine.Application.Sandbox;
using System.Diagnostics;
using System.Text;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

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

    /// <summary>First re-query of a waiting poll; each next one waits twice as long, up to
    /// <see cref="PollCheckIntervalMax"/>: a listener gets a new event within about 100 ms while events are frequent,
    /// and an idle one costs a query per second instead of ten.</summary>
    private static readonly TimeSpan PollCheckInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan PollCheckIntervalMax = TimeSpan.FromSeconds(1);

    private static readonly Field BeforeEventId = Integer("beforeEventId", required: false);
    private static readonly Field Limit = Integer("limit", required: false);
    private static readonly Field EventId = Integer("eventId", required: true);
    private static readonly Field WaitMs = Integer("waitMs", required: false);
    private static readonly Field AfterEventId = Integer("afterEventId", required: false);

    public static readonly EndpointDeclaration Events = Declare("/sandbox/webhooks/events",
        typeof(List<WebhookEventView>), Shape.Of(BeforeEventId, Limit), ListAsync) with
    {
        Summary = "The merchant's webhook events, newest first",
        Example = """{"limit":20}""",
        Codes = [],
    };

    public static readonly EndpointDeclaration Event = Declare("/sandbox/webhooks/event", typeof(WebhookEventDetail),
        Shape.Of(EventId), (Inbound request, IWebhookStore store, RetrySchedule schedule, TimeProvider time,
            CancellationToken ct) => WithOwnEventAsync(request, store, schedule, time, redeliver: false, ct)) with
    {
        Summary = "One webhook event with its delivery attempts",
        Example = """{"eventId":1}""",
        Codes = [ResultCodes.InvalidParamWrongValue], // not an event of this merchant
    };

    public static readonly EndpointDeclaration Redeliver = Declare("/sandbox/webhooks/redeliver",
        typeof(WebhookEventDetail), Shape.Of(EventId), (Inbound request, IWebhookStore store, RetrySchedule schedule,
            TimeProvider time, CancellationToken ct) => WithOwnEventAsync(request, store, schedule, time,
            redeliver: true, ct)) with
    {
        Summary = "Deliver a webhook event again",
        Example = """{"eventId":1}""",
        Codes = [ResultCodes.InvalidParamWrongValue], // not an event of this merchant
    };

    public static readonly EndpointDeclaration Poll = Declare("/sandbox/webhooks/poll", typeof(PollResult),
        Shape.Of(WaitMs, Limit, AfterEventId), PollAsync) with
    {
        Summary = "Long-poll new webhook events, signed as they would be delivered",
        Example = """{"waitMs":0,"limit":50}""",
        Codes = [ResultCodes.TooManyRequests], // more long polls of this merchant than Citrine:LongPollsPerMerchant
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Events, Event, Redeliver, Poll];

    private static EndpointDeclaration Declare(string path, Type response, Shape request, Delegate handler) => new()
    {
        Path = path,
        Auth = AuthPolicy.SignedMerchant,
        Response = response,
        Request = request,
        Handler = handler,
    };

    private static async Task<IResult> ListAsync(Inbound request, IWebhookStore store, RetrySchedule schedule,
        CancellationToken cancellationToken)
    {
        var before = request.Fields.Number(BeforeEventId) ?? long.MaxValue;
        var limit = (int)Math.Clamp(request.Fields.Number(Limit) ?? 50, 1, WebhookAdminEndpoints.PageMax);
        var events = await store.ListNewestAsync(request.MerchantId, before, limit, cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.Ok(events.Select(e => WebhookEventView.From(e, schedule)).ToList());
    }

    private static async Task<IResult> WithOwnEventAsync(Inbound request, IWebhookStore store,
        RetrySchedule schedule, TimeProvider time, bool redeliver, CancellationToken cancellationToken)
    {
        var eventId = request.Fields.Number(EventId)!.Value;
        var found = await store.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
        // An event's merchant never changes, so checking ownership before the update is not a race.
        if (found is null || found.MerchantId != request.MerchantId)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidParamWrongValue, "eventId: no such event of this merchant");
        }

        if (redeliver)
        {
            var nowMs = time.MerchantNowMs(found.MerchantId);
            await store.RedeliverAsync(eventId, nowMs, cancellationToken).ConfigureAwait(false);
        }

        return await WebhookAdminEndpoints.DetailAsync(eventId, store, schedule, cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<IResult> PollAsync(Inbound request, IWebhookStore store, WebhookKeyRing keys,
        TimeProvider time, LongPollGate gate, CitrineOptions options, CancellationToken cancellationToken)
    {
        var merchantId = request.MerchantId;
        var waitMs = Math.Clamp(request.Fields.Number(WaitMs) ?? 0, 0, PollWaitMaxMs);
        // Only a poll that waits holds a slot; waitMs 0 answers at once like any query.
        using var slot = waitMs > 0 ? gate.TryEnter(merchantId) : null;
        if (waitMs > 0 && slot is null)
        {
            return BinanceEnvelope.RetryLater(ResultCodes.TooManyRequests,
                $"this merchant already has {options.LongPollsPerMerchant} long polls open (Citrine:LongPollsPerMerchant); nothing was processed",
                Backpressure.BusyRetryAfterSeconds);
        }

        var limit = (int)Math.Clamp(request.Fields.Number(Limit) ?? 50, 1, PollLimitMax);
        // Without a cursor the poll starts at the newest event: a listener sees what happens from now on.
        var after = request.Fields.Number(AfterEventId)
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

        var key = await keys.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var nowMs = SandboxClock.WallClockOf(time).GetUtcNow().ToUnixTimeMilliseconds();
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
        var interval = PollCheckInterval;
        while (true)
        {
            var events = await store.ListAsync(merchantId, after, limit, cancellationToken).ConfigureAwait(false);
            var left = waitMs - Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (events.Count > 0 || left <= 0)
            {
                return events;
            }

            // Never sleep past the deadline: the last query comes at waitMs, not up to a second after it.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, left)), cancellationToken)
                .ConfigureAwait(false);
            interval = interval * 2 < PollCheckIntervalMax ? interval * 2 : PollCheckIntervalMax;
        }
    }
}
