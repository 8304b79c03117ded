using System.Text.Json.Serialization;

namespace Citrine.Contracts.Payouts;

/// <summary>Batch payout (<c>POST /binancepay/openapi/payout/transfer</c>, docs/api-reference.md#payouts):
/// <c>requestId</c> is the batch's idempotency key; <c>totalAmount</c> must be the sum of the lines' amounts and
/// <c>totalNumber</c> their count.</summary>
public sealed record PayoutTransferRequest
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }

    /// <summary>One of <see cref="PayoutNames.BizScenes"/>; <see cref="PayoutNames.DirectTransfer"/> when
    /// absent.</summary>
    [JsonPropertyName("bizScene")] public string? BizScene { get; init; }

    [JsonPropertyName("batchName")] public required string BatchName { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("totalAmount")] public required decimal TotalAmount { get; init; }
    [JsonPropertyName("totalNumber")] public required int TotalNumber { get; init; }
    [JsonPropertyName("transferDetailList")] public required IReadOnlyList<PayoutTransferDetail> TransferDetailList { get; init; }

    /// <summary>Where this batch's <c>PAYOUT</c> webhook goes instead of the merchant's URL.</summary>
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }

    /// <summary>Accepted and ignored (docs/compatibility.md#payouts).</summary>
    [JsonPropertyName("subMerchantId")] public string? SubMerchantId { get; init; }

    /// <summary>In an old revision's sample only: accepted and ignored.</summary>
    [JsonPropertyName("merchantId")] public long? MerchantId { get; init; }
}

/// <summary>One line of a batch payout.</summary>
public sealed record PayoutTransferDetail
{
    /// <summary>The merchant's id of the line, unique within the batch.</summary>
    [JsonPropertyName("merchantSendId")] public required string MerchantSendId { get; init; }

    /// <summary>One of <see cref="PayoutNames.ReceiveTypes"/>.</summary>
    [JsonPropertyName("receiveType")] public required string ReceiveType { get; init; }

    /// <summary>The Binance ID, Pay ID, e-mail or phone number the type names.</summary>
    [JsonPropertyName("receiver")] public required string Receiver { get; init; }

    [JsonPropertyName("transferAmount")] public required decimal TransferAmount { get; init; }

    /// <summary>The source wallet: <c>FUNDING_WALLET</c> or <c>SPOT_WALLET</c>.</summary>
    [JsonPropertyName("transferMethod")] public required string TransferMethod { get; init; }

    [JsonPropertyName("remark")] public string? Remark { get; init; }
    [JsonPropertyName("registrationEmail")] public string? RegistrationEmail { get; init; }
    [JsonPropertyName("registrationMobileNumber")] public string? RegistrationMobileNumber { get; init; }

    /// <summary>The country code of a <c>PHONE</c> receiver (required then), for example <c>971</c>.</summary>
    [JsonPropertyName("registrationMobileCode")] public string? RegistrationMobileCode { get; init; }
}

/// <summary>The answer to a batch payout: the request id and <c>ACCEPTED</c>; a replay answers the same data under
/// <c>"status":"REPEAT_REQ_SUCCESS"</c>.</summary>
public sealed record PayoutTransferResult
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
}

/// <summary>Payout query (<c>POST /binancepay/openapi/payout/query</c>): a batch by its requestId, its lines
/// filtered by <c>detailStatus</c> (absent or <c>ALL</c>: every line).</summary>
public sealed record PayoutQueryRequest
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("detailStatus")] public IReadOnlyList<string>? DetailStatus { get; init; }
}
