using Microsoft.Extensions.Logging;

namespace Citrine.Server.Webhooks;

/// <summary>Log lines of webhook delivery. Never bodies or signatures: ids, outcomes and destinations only.</summary>
internal static partial class WebhookLog
{
    /// <summary>
    /// One line per delivery attempt: Information, or Warning for the last attempt of a round that failed (then
    /// redeliver it through the admin or sandbox API). The destination is its host only: a URL's path or query may
    /// carry a merchant's token.
    /// </summary>
    [LoggerMessage(EventId = 1001, EventName = "WebhookAttempt", Message = "Webhook event {EventId} ({BizType} {BizStatus}) of merchant {MerchantId} to {DestinationHost}: attempt {Attempt} {Outcome} (HTTP {HttpStatus}, {LatencyMs} ms){Error}")]
    public static partial void Attempt(this ILogger logger, LogLevel level, long eventId, string bizType,
        string bizStatus, long merchantId, string destinationHost, int attempt, string outcome, int? httpStatus,
        long latencyMs, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} of merchant {MerchantId} has no destination: neither the order's webhookUrl nor the merchant's webhook URL is set (state NO_DESTINATION)")]
    public static partial void NoDestination(this ILogger logger, long eventId, long merchantId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook event {EventId}: lease lost before the outcome was recorded; another attempt will follow")]
    public static partial void LeaseLost(this ILogger logger, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed; retrying on the next poll")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception);
}
