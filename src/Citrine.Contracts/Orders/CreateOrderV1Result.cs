using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Orders;

/// <summary>The v1 create answer, with <c>expireTime</c> as a string as the seed page
/// (docs/api-reference.md#create-order-v1) types it.</summary>
public sealed record CreateOrderV1Result
{
    [JsonPropertyName("prepayId")] public required string PrepayId { get; init; }
    [JsonPropertyName("tradeType")] public required string TradeType { get; init; }
    [JsonPropertyName("expireTime")][JsonConverter(typeof(LongAsStringConverter))] public long ExpireTime { get; init; }
    [JsonPropertyName("qrcodeLink")] public required string QrcodeLink { get; init; }
    [JsonPropertyName("qrContent")] public required string QrContent { get; init; }
    [JsonPropertyName("checkoutUrl")] public required string CheckoutUrl { get; init; }
    [JsonPropertyName("deeplink")] public required string Deeplink { get; init; }
    [JsonPropertyName("universalUrl")] public required string UniversalUrl { get; init; }
}
