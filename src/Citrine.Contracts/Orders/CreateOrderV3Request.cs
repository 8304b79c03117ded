using System.Text.Json.Serialization;

namespace Citrine.Contracts.Orders;

/// <summary>Create Order v3 (<c>POST /binancepay/openapi/v3/order</c>,
/// docs/api-reference.md#create-order-versions).</summary>
public sealed record CreateOrderV3Request
{
    [JsonPropertyName("merchant")] public OrderMerchant? Merchant { get; init; }
    [JsonPropertyName("env")] public required OrderEnv Env { get; init; }
    [JsonPropertyName("merchantTradeNo")] public required string MerchantTradeNo { get; init; }
    [JsonPropertyName("orderAmount")] public decimal? OrderAmount { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("fiatAmount")] public decimal? FiatAmount { get; init; }
    [JsonPropertyName("fiatCurrency")] public string? FiatCurrency { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("goodsDetails")] public IReadOnlyList<OrderGoods>? GoodsDetails { get; init; }
    [JsonPropertyName("shipping")] public OrderShipping? Shipping { get; init; }
    [JsonPropertyName("buyer")] public OrderBuyer? Buyer { get; init; }
    [JsonPropertyName("returnUrl")] public string? ReturnUrl { get; init; }
    [JsonPropertyName("cancelUrl")] public string? CancelUrl { get; init; }
    [JsonPropertyName("orderExpireTime")] public long? OrderExpireTime { get; init; }
    [JsonPropertyName("supportPayCurrency")] public string? SupportPayCurrency { get; init; }
    [JsonPropertyName("appId")] public string? AppId { get; init; }
    [JsonPropertyName("universalUrlAttach")] public string? UniversalUrlAttach { get; init; }
    [JsonPropertyName("passThroughInfo")] public string? PassThroughInfo { get; init; }
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }

    /// <summary>Tags of the order; <c>ifProfitSharing</c> allows profit-sharing splits of it.</summary>
    [JsonPropertyName("orderTags")] public OrderTags? OrderTags { get; init; }

    /// <summary>The referId of a MERCHANT_QR_CODE scan this order answers; each referId is used once.</summary>
    [JsonPropertyName("qrCodeReferId")] public string? QrCodeReferId { get; init; }
}
