using System.Globalization;
using System.Text;
using Citrine.Application.Webhooks;

namespace Citrine.Server.Features.Webhooks;

/// <summary>An outbox event as the admin and sandbox APIs show it (Citrine-only, not part of Binance).</summary>
internal sealed record WebhookEventView(
    long EventId, long MerchantId, string StreamKey, string BizType, long BizId, string BizIdStr, string BizStatus,
    string State, int Attempts, int AttemptsMax, int Redeliveries, long NextAttemptAtMs, long CreatedAtMs,
    long? DeliveredAtMs, string? LastError, string? WebhookUrl)
{
    public static WebhookEventView From(WebhookEventRecord e, RetrySchedule schedule) => new(
        e.EventId, e.MerchantId, e.StreamKey, e.BizType, e.BizId, e.BizId.ToString(CultureInfo.InvariantCulture),
        e.BizStatus, e.State, e.Attempts, schedule.AttemptsMax, e.Redeliveries, e.NextAttemptAtMs, e.CreatedAtMs,
        e.DeliveredAtMs, e.LastError, e.WebhookUrl);
}

/// <summary>One event with its exact body and its delivery log.</summary>
internal sealed record WebhookEventDetail(WebhookEventView Event, string Body, IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static WebhookEventDetail From(WebhookEventRecord e, IReadOnlyList<DeliveryAttempt> attempts,
        RetrySchedule schedule) =>
        new(WebhookEventView.From(e, schedule), Encoding.UTF8.GetString(e.Body()), attempts);
}

/// <summary>
/// An event as <c>/sandbox/webhooks/poll</c> hands it to <c>citrine listen</c>: the exact body and a fresh set of
/// signed headers, so it can be forwarded byte for byte and verified like a delivery.
/// </summary>
internal sealed record PolledWebhook(
    long EventId, string BizType, long BizId, string BizIdStr, string BizStatus, string State, int Attempts,
    long CreatedAtMs, string Body, string Timestamp, string Nonce, string Signature, string CertSerial);

/// <summary>The answer of a poll: events after the cursor, and the cursor for the next poll.</summary>
internal sealed record PollResult(long MerchantId, long NextAfterEventId, IReadOnlyList<PolledWebhook> Events);

/// <summary>A listed certificate with its lifetime (admin view).</summary>
internal sealed record CertificateView(string CertSerial, string CertPublic, long CreatedAtMs, long? RetiredAtMs);
