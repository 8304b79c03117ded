using System.Text.Json.Serialization;

namespace Citrine.Contracts.Refunds;

/// <summary>Query Refund (<c>POST /binancepay/openapi/order/refund/query</c>,
/// docs/api-reference.md#query-refund).</summary>
public sealed record RefundQueryRequest
{
    [JsonPropertyName("refundRequestId")] public required string RefundRequestId { get; init; }
}
