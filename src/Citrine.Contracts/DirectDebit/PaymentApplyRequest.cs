using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>
/// Payment (<c>POST /binancepay/openapi/pay/apply</c>, docs/api-reference.md#payment-apply): debits a signed contract.
/// <c>merchantRequestId</c> is idempotent; the result is notified by webhook.
/// </summary>
public sealed record PaymentApplyRequest
{
    [JsonPropertyName("subMerchantId")] public string? SubMerchantId { get; init; }
    [JsonPropertyName("merchantRequestId")] public required string MerchantRequestId { get; init; }
    [JsonPropertyName("tradeMode")] public string TradeMode { get; init; } = DirectDebitNames.TradeMode;
    [JsonPropertyName("bizId")] public required long BizId { get; init; }
    [JsonPropertyName("preBizId")] public long? PreBizId { get; init; }
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("productType")] public string? ProductType { get; init; }
    [JsonPropertyName("productName")] public required string ProductName { get; init; }
    [JsonPropertyName("productDetail")] public string? ProductDetail { get; init; }
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }
}

/// <summary>The answer to Payment (docs/api-reference.md#payment-apply, fields from the CS1 SDK); <c>status</c> stays a
/// string.</summary>
public sealed record PaymentApplyResult
{
    [JsonPropertyName("orderId")][JsonConverter(typeof(FlexibleStringConverter))] public string? OrderId { get; init; }
    [JsonPropertyName("prepayId")][JsonConverter(typeof(FlexibleStringConverter))] public string? PrepayId { get; init; }
    [JsonPropertyName("merchantRequestId")] public string? MerchantRequestId { get; init; }
    [JsonPropertyName("appliedTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? AppliedTime { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
}
