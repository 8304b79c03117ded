using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Refunds;

/// <summary>
/// The answer to Refund Order (docs/api-reference.md#refund-order): amounts are strings on the wire;
/// <c>duplicateRequest</c> is <c>"Y"</c> when the <c>refundRequestId</c> was seen before; <c>refundId</c> exists only
/// in the newer revision.
/// </summary>
public sealed record RefundOrderResult
{
    [JsonPropertyName("refundId")][JsonConverter(typeof(FlexibleStringConverter))] public string? RefundId { get; init; }
    [JsonPropertyName("refundRequestId")] public required string RefundRequestId { get; init; }
    [JsonPropertyName("prepayId")][JsonConverter(typeof(FlexibleStringConverter))] public required string PrepayId { get; init; }
    [JsonPropertyName("orderAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal OrderAmount { get; init; }
    [JsonPropertyName("refundedAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal RefundedAmount { get; init; }
    [JsonPropertyName("refundAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal RefundAmount { get; init; }
    [JsonPropertyName("remainingAttempts")] public int RemainingAttempts { get; init; }
    [JsonPropertyName("payerOpenId")] public string? PayerOpenId { get; init; }
    [JsonPropertyName("duplicateRequest")] public string? DuplicateRequest { get; init; }
}
