using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Orders;

/// <summary>
/// Query Order answer. v2 (<c>/v2/order/query</c>) carries <c>orderAmount</c> as a string; v1 (<c>/order/query</c>)
/// adds <c>tradeType</c>, <c>totalFee</c>, <c>productName</c>, <c>productDetail</c>
/// (docs/api-reference.md#query-order). Fields a version does not have are omitted.
/// </summary>
public sealed record QueryOrderResult
{
    [JsonPropertyName("merchantId")][JsonConverter(typeof(FlexibleLongConverter))] public long MerchantId { get; init; }
    [JsonPropertyName("prepayId")] public required string PrepayId { get; init; }
    [JsonPropertyName("transactionId")] public string? TransactionId { get; init; }
    [JsonPropertyName("merchantTradeNo")] public required string MerchantTradeNo { get; init; }
    [JsonPropertyName("tradeType")] public string? TradeType { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("orderAmount")][JsonConverter(typeof(DecimalAsShortStringConverter))] public decimal? OrderAmount { get; init; }
    [JsonPropertyName("totalFee")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal? TotalFee { get; init; }
    [JsonPropertyName("productName")] public string? ProductName { get; init; }
    [JsonPropertyName("productDetail")] public string? ProductDetail { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("passThroughInfo")] public string? PassThroughInfo { get; init; }
    [JsonPropertyName("commission")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal? Commission { get; init; }
    [JsonPropertyName("transactTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? TransactTime { get; init; }
    [JsonPropertyName("createTime")][JsonConverter(typeof(FlexibleLongConverter))] public long CreateTime { get; init; }
    [JsonPropertyName("paymentInfo")] public PaymentInfo? PaymentInfo { get; init; }
}

/// <summary>How an order was paid.</summary>
public sealed record PaymentInfo
{
    [JsonPropertyName("payerId")] public string? PayerId { get; init; }
    [JsonPropertyName("payMethod")] public string? PayMethod { get; init; }
    [JsonPropertyName("paymentInstructions")] public IReadOnlyList<PaymentInstruction>? PaymentInstructions { get; init; }
    [JsonPropertyName("channel")] public string? Channel { get; init; }
}

/// <summary>One leg of a payment: what the buyer paid, in which currency, at what price
/// (docs/api-reference.md#query-order).</summary>
public sealed record PaymentInstruction
{
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("amount")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal Amount { get; init; }
    [JsonPropertyName("price")][JsonConverter(typeof(DecimalAsStringConverter))] public decimal Price { get; init; }
}
