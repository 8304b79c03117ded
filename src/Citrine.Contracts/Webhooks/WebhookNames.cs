using System.Text.Json.Serialization;

namespace Citrine.Contracts.Webhooks;

/// <summary>bizType and bizStatus values (docs/api-reference.md#order-notification to #other-webhook-types).</summary>
public static class WebhookNames
{
    public const string BizTypePay = "PAY";
    public const string BizTypePayRefund = "PAY_REFUND";
    public const string BizTypeDirectDebitContract = "DIRECT_DEBIT_CT";
    public const string PaySuccess = "PAY_SUCCESS";
    public const string PayClosed = "PAY_CLOSED";
    public const string RefundSuccess = "REFUND_SUCCESS";
    public const string RefundRejected = "REFUND_REJECTED";
    public const string ContractSigned = "CONTRACT_SIGNED";
    public const string ContractTerminated = "CONTRACT_TERMINATED";
    public const string ContractExpired = "CONTRACT_EXPIRED";
}

/// <summary>The reply a merchant's receiver gives (docs/api-reference.md#webhook-reply-and-retries).</summary>
public sealed record WebhookReply
{
    [JsonPropertyName("returnCode")] public required string ReturnCode { get; init; }
    [JsonPropertyName("returnMessage")] public string? ReturnMessage { get; init; }

    /// <summary>The documented success reply.</summary>
    public static WebhookReply Success { get; } = new() { ReturnCode = "SUCCESS" };
}
