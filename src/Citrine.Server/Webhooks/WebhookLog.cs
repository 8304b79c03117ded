using Microsoft.Extensions.Logging;

namespace Citrine.Server.Webhooks;

/// <summary>Log lines of webhook delivery. Never bodies or signatures: ids, outcomes and destinations only.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {EventId} delivered to {Destination} on attempt {Attempt} (HTTP {Status}, {LatencyMs} ms)")]
    public static partial void Delivered(this ILogger logger, long eventId, string destination, int attempt,
        int? status, long latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {EventId} attempt {Attempt}/{AttemptsMax} to {Destination} failed: {Error}; next attempt at {NextAttemptAtMs}")]
    public static partial void AttemptFailed(this ILogger logger, long eventId, int attempt, int attemptsMax,
        string destination, string error, long nextAttemptAtMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} FAILED after {Attempts} attempts to {Destination}: {Error}; redeliver it through the admin or sandbox API")]
    public static partial void GaveUp(this ILogger logger, long eventId, int attempts, string destination, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} of merchant {MerchantId} has no destination: neither the order's webhookUrl nor the merchant's webhook URL is set (state NO_DESTINATION)")]
    public static partial void NoDestination(this ILogger logger, long eventId, long merchantId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook event {EventId}: lease lost before the outcome was recorded; another attempt will follow")]
    public static partial void LeaseLost(this ILogger logger, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed; retrying on the next poll")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception);
}
