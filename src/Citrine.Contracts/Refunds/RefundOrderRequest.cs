using System.Text.Json.Serialization;

namespace Citrine.Contracts.Refunds;

/// <summary>
/// Refund Order (<c>POST /binancepay/openapi/order/refund</c>, docs/api-reference.md#refund-order).
/// <c>refundRequestId</c> is the idempotency key: "The value must be same for one refund request".
/// </summary>
public sealed record RefundOrderRequest
{
    [JsonPropertyName("refundRequestId")] public required string RefundRequestId { get; init; }
    [JsonPropertyName("prepayId")] public required string PrepayId { get; init; }
    [JsonPropertyName("refundAmount")] public required decimal RefundAmount { get; init; }
    [JsonPropertyName("refundReason")] public string? RefundReason { get; init; }
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }
}
