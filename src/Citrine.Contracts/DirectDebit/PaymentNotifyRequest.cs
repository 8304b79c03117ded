using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.DirectDebit;

/// <summary>
/// Payment Notification (<c>POST /binancepay/openapi/pay/notify</c>, docs/api-reference.md#payment-notification):
/// announces a periodic debit. <c>merchantRequestId</c> is idempotent; <c>bizId</c> is the contractId.
/// </summary>
public sealed record PaymentNotifyRequest
{
    [JsonPropertyName("subMerchantId")] public string? SubMerchantId { get; init; }
    [JsonPropertyName("merchantRequestId")] public required string MerchantRequestId { get; init; }
    [JsonPropertyName("tradeMode")] public string TradeMode { get; init; } = DirectDebitNames.TradeMode;
    [JsonPropertyName("bizId")] public required long BizId { get; init; }
    [JsonPropertyName("estimatedAmount")] public required decimal EstimatedAmount { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
}

/// <summary>The answer to Payment Notification (docs/api-reference.md#payment-notification).</summary>
public sealed record PaymentNotifyResult
{
    [JsonPropertyName("orderId")][JsonConverter(typeof(FlexibleStringConverter))] public string? OrderId { get; init; }
    [JsonPropertyName("merchantRequestId")] public string? MerchantRequestId { get; init; }
    [JsonPropertyName("transactionTime")][JsonConverter(typeof(FlexibleLongConverter))] public long? TransactionTime { get; init; }
}

/// <summary>Fixed values of the direct-debit payment APIs.</summary>
public static class DirectDebitNames
{
    /// <summary>The only documented <c>tradeMode</c>.</summary>
    public const string TradeMode = "DIRECT_DEBIT";
}
