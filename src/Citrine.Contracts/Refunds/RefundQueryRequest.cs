using System.Text.Json.Serialization;

namespace Citrine.Contracts.Refunds;

/// <summary>Query Refund (<c>POST /binancepay/openapi/order/refund/query</c>, reference §4.2).</summary>
public sealed record RefundQueryRequest
{
    [JsonPropertyName("refundRequestId")] public required string RefundRequestId { get; init; }
}
