using System.Text.Json.Serialization;

namespace Citrine.Contracts.Orders;

/// <summary>Create Order v1 (<c>POST /binancepay/openapi/order</c>), the seed's older revision with merchantId.</summary>
public sealed record CreateOrderV1Request
{
    [JsonPropertyName("merchantId")] public required long MerchantId { get; init; }
    [JsonPropertyName("subMerchantId")] public long? SubMerchantId { get; init; }
    [JsonPropertyName("merchantTradeNo")] public required string MerchantTradeNo { get; init; }
    [JsonPropertyName("tradeType")] public required string TradeType { get; init; }
    [JsonPropertyName("totalFee")] public required decimal TotalFee { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("productType")] public required string ProductType { get; init; }
    [JsonPropertyName("productName")] public required string ProductName { get; init; }
    [JsonPropertyName("productDetail")] public string? ProductDetail { get; init; }
    [JsonPropertyName("returnUrl")] public string? ReturnUrl { get; init; }
}
