using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Webhooks;

/// <summary>The decoded <c>data</c> of a <c>PAY</c> webhook (docs/api-reference.md#order-notification).</summary>
public sealed record OrderNotificationData
{
    [JsonPropertyName("merchantTradeNo")] public required string MerchantTradeNo { get; init; }
    [JsonPropertyName("productType")] public string? ProductType { get; init; }
    [JsonPropertyName("productName")] public string? ProductName { get; init; }
    [JsonPropertyName("transactTime")][JsonConverter(typeof(FlexibleLongConverter))] public long TransactTime { get; init; }
    [JsonPropertyName("tradeType")] public string? TradeType { get; init; }
    [JsonPropertyName("totalFee")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal TotalFee { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("transactionId")] public string? TransactionId { get; init; }
    [JsonPropertyName("openUserId")] public string? OpenUserId { get; init; }
    [JsonPropertyName("passThroughInfo")] public string? PassThroughInfo { get; init; }
    [JsonPropertyName("commission")][JsonConverter(typeof(DecimalEightPlacesConverter))] public decimal Commission { get; init; }
    [JsonPropertyName("paymentInfo")] public WebhookPaymentInfo? PaymentInfo { get; init; }
}

/// <summary><c>paymentInfo</c> as the webhook carries it: <c>payerId</c> is a number there (a string in queries).</summary>
public sealed record WebhookPaymentInfo
{
    [JsonPropertyName("payerId")][JsonConverter(typeof(FlexibleLongConverter))] public long PayerId { get; init; }
    [JsonPropertyName("payMethod")] public string? PayMethod { get; init; }
    [JsonPropertyName("paymentInstructions")] public IReadOnlyList<Orders.PaymentInstruction>? PaymentInstructions { get; init; }
}
