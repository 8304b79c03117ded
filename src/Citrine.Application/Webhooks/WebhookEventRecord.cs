namespace Citrine.Application.Webhooks;

/// <summary>An outbox event as stored, with its delivery state.</summary>
public sealed record WebhookEventRecord(
    long EventId, long MerchantId, string StreamKey, string BizType, long BizId, string BizStatus, string DataJson,
    string? WebhookUrl, string State, int Attempts, int Redeliveries, long NextAttemptAtMs, long CreatedAtMs,
    long? DeliveredAtMs, string? LastError)
{
    /// <summary>The exact body every attempt sends (a pure function of the stored row, so identical each time).</summary>
    public byte[] Body() => WebhookBody.Build(BizType, BizId, BizStatus, DataJson);
}

/// <summary>
/// An event claimed for one attempt: the destination resolved at claim time (the event's URL, else the merchant's
/// configured URL) and the lease token that must match when the outcome is recorded.
/// </summary>
public sealed record ClaimedEvent(WebhookEventRecord Event, string? Destination, string LeaseToken);

/// <summary>One delivery attempt, as written to the delivery log.</summary>
public sealed record DeliveryAttempt
{
    public required long EventId { get; init; }

    /// <summary>0 for the original delivery, then 1, 2, … for each manual redelivery.</summary>
    public required int Round { get; init; }

    /// <summary>1-based attempt number within the round.</summary>
    public required int Attempt { get; init; }

    public required long AttemptedAtMs { get; init; }
    public required string Destination { get; init; }
    public int? HttpStatus { get; init; }
    public required long LatencyMs { get; init; }
    public string? ResponseExcerpt { get; init; }
    public string? Error { get; init; }
    public required bool Delivered { get; init; }
    public required string Timestamp { get; init; }
    public required string Nonce { get; init; }
    public required string CertSerial { get; init; }
}
