namespace Citrine.Application.Webhooks;

/// <summary>
/// A webhook to deliver, written in the same transaction as the change it reports. <see cref="StreamKey"/> orders the
/// events of one order (or contract): they are delivered one after another.
/// </summary>
public sealed record OutboxEvent(
    long MerchantId, string StreamKey, string BizType, long BizId, string BizStatus, string DataJson,
    string? WebhookUrl, long CreatedAtMs);
