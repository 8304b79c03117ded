namespace Citrine.Application.Webhooks;

/// <summary>
/// States of an outbox event. PENDING events are delivered (and block later events of their stream); the others are
/// final until a manual redelivery puts the event back to PENDING.
/// </summary>
public static class WebhookStates
{
    public const string Pending = "PENDING";
    public const string Delivered = "DELIVERED";

    /// <summary>Every attempt failed (1 + the retries of the schedule).</summary>
    public const string Failed = "FAILED";

    /// <summary>Neither the event nor the merchant had a webhook URL when delivery was due.</summary>
    public const string NoDestination = "NO_DESTINATION";
}
