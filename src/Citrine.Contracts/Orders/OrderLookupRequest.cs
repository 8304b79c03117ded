using System.Text.Json.Serialization;

namespace Citrine.Contracts.Orders;

/// <summary>Query and Close take the same pair: <c>prepayId</c> wins when both are given
/// (docs/api-reference.md#query-order).</summary>
public sealed record OrderLookupRequest
{
    [JsonPropertyName("merchantTradeNo")] public string? MerchantTradeNo { get; init; }
    [JsonPropertyName("prepayId")] public string? PrepayId { get; init; }
}
