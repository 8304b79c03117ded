using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Webhooks;

/// <summary>
/// The decoded <c>data</c> of a <c>PAY_REFUND</c> webhook (docs/api-reference.md#refund-notification).
/// <c>refundInfo</c> is read as a nested object or as a JSON string holding one (the doc table and its sample disagree,
/// docs/api-reference.md#quirk-embedded-json).
/// </summary>
public sealed record RefundNotificationData
{
    [JsonPropertyName("merchantTradeNo")] public required string MerchantTradeNo { get; init; }
    [JsonPropertyName("productType")] public string? ProductType { get; init; }
    [JsonPropertyName("productName")] public string? ProductName { get; init; }
    [JsonPropertyName("tradeType")] public string? TradeType { get; init; }
    [JsonPropertyName("totalFee")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal TotalFee { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("transactTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? TransactTime { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("commission")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal? Commission { get; init; }
    [JsonPropertyName("refundInfo")][JsonConverter(typeof(EmbeddedJsonConverter<RefundInfo>))] public RefundInfo? RefundInfo { get; init; }
}

/// <summary>The <c>refundInfo</c> of a refund webhook (docs/api-reference.md#refund-notification): amounts are strings
/// on the wire.</summary>
public sealed record RefundInfo
{
    [JsonPropertyName("refundRequestId")] public required string RefundRequestId { get; init; }
    [JsonPropertyName("prepayId")][JsonConverter(typeof(FlexibleStringConverter))] public required string PrepayId { get; init; }
    [JsonPropertyName("orderAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal OrderAmount { get; init; }
    [JsonPropertyName("refundedAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal RefundedAmount { get; init; }
    [JsonPropertyName("refundAmount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal RefundAmount { get; init; }
    [JsonPropertyName("remainingAttempts")] public int RemainingAttempts { get; init; }
    [JsonPropertyName("payerOpenId")] public string? PayerOpenId { get; init; }
    [JsonPropertyName("duplicateRequest")] public string? DuplicateRequest { get; init; }
}
