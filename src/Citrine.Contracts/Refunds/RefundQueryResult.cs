using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Refunds;

/// <summary>
/// The answer to Query Refund (docs/api-reference.md#query-refund). <c>refundStatus</c> stays a string so that a status
/// this version does not know is kept rather than refused (see <see cref="RefundStatusNames"/>).
/// </summary>
public sealed record RefundQueryResult
{
    [JsonPropertyName("refundRequestId")] public required string RefundRequestId { get; init; }
    [JsonPropertyName("prepayId")][JsonConverter(typeof(FlexibleStringConverter))] public required string PrepayId { get; init; }
    [JsonPropertyName("orderAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal OrderAmount { get; init; }
    [JsonPropertyName("refundedAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal RefundedAmount { get; init; }
    [JsonPropertyName("refundAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal RefundAmount { get; init; }
    [JsonPropertyName("refundedCommission")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal? RefundedCommission { get; init; }
    [JsonPropertyName("refundCommission")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal? RefundCommission { get; init; }
    [JsonPropertyName("remainingAttempts")] public int RemainingAttempts { get; init; }
    [JsonPropertyName("payerOpenId")] public string? PayerOpenId { get; init; }
    [JsonPropertyName("refundStatus")] public required string RefundStatus { get; init; }
}

/// <summary>Query Refund statuses (docs/api-reference.md#query-refund); the webhook says <c>REFUND_REJECTED</c> where
/// this says <c>REFUND_FAIL</c> (docs/api-reference.md#quirk-status-names).</summary>
public static class RefundStatusNames
{
    public const string Pending = "REFUND_PENDING";
    public const string Success = "REFUND_SUCCESS";
    public const string Fail = "REFUND_FAIL";
}
