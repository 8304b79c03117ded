using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Payouts;

/// <summary>A batch as Payout Query answers it; amounts are numbers in Binance's Java form except each line's
/// <c>amount</c>, a string.</summary>
public sealed record PayoutQueryResult
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }

    /// <summary>One of <see cref="PayoutNames.BatchStatuses"/>.</summary>
    [JsonPropertyName("batchStatus")] public required string BatchStatus { get; init; }

    [JsonPropertyName("merchantId")][JsonConverter(typeof(FlexibleLongConverter))] public long MerchantId { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("totalAmount")][JsonConverter(typeof(JavaDecimalConverter))] public decimal TotalAmount { get; init; }

    /// <summary>The sum of the lines paid so far.</summary>
    [JsonPropertyName("totalPaidAmount")][JsonConverter(typeof(JavaDecimalConverter))] public decimal TotalPaidAmount { get; init; }

    /// <summary>Always zero: the sandbox charges no payout fee.</summary>
    [JsonPropertyName("totalPayoutFee")][JsonConverter(typeof(JavaDecimalConverter))] public decimal TotalPayoutFee { get; init; }

    [JsonPropertyName("totalNumber")] public int TotalNumber { get; init; }
    [JsonPropertyName("transferDetailList")] public IReadOnlyList<PayoutDetailResult> TransferDetailList { get; init; } = [];
}

/// <summary>One line of a queried batch.</summary>
public sealed record PayoutDetailResult
{
    /// <summary>Citrine's id of the line.</summary>
    [JsonPropertyName("orderId")][JsonConverter(typeof(FlexibleLongConverter))] public long OrderId { get; init; }

    [JsonPropertyName("merchantSendId")] public required string MerchantSendId { get; init; }

    /// <summary>The paying merchant's id.</summary>
    [JsonPropertyName("payerId")][JsonConverter(typeof(FlexibleLongConverter))] public long PayerId { get; init; }

    [JsonPropertyName("amount")][JsonConverter(typeof(DecimalAsShortStringConverter))] public decimal Amount { get; init; }
    [JsonPropertyName("receiveType")] public required string ReceiveType { get; init; }
    [JsonPropertyName("receiver")] public required string Receiver { get; init; }

    /// <summary>The receiver's Pay ID once the line was paid to a buyer; absent before.</summary>
    [JsonPropertyName("payeeId")] public long? PayeeId { get; init; }

    [JsonPropertyName("transferMethod")] public required string TransferMethod { get; init; }

    /// <summary>One of <see cref="PayoutNames.LineStatuses"/>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("remark")] public string? Remark { get; init; }
}

/// <summary>The <c>data</c> of a <c>PAYOUT</c> webhook: the batch without its lines, numbers as in the sample.</summary>
public sealed record PayoutNotificationData
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("batchStatus")] public required string BatchStatus { get; init; }
    [JsonPropertyName("merchantId")] public long MerchantId { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("totalAmount")][JsonConverter(typeof(JavaDecimalConverter))] public decimal TotalAmount { get; init; }
    [JsonPropertyName("totalNumber")] public int TotalNumber { get; init; }
}

/// <summary>The <c>data</c> of a <c>PAYOUT_NON_BN</c> webhook: one e-mail line at its end; ids and the amount are
/// strings, as in the sample.</summary>
public sealed record PayoutNonBinanceNotificationData
{
    [JsonPropertyName("merchantSendId")] public required string MerchantSendId { get; init; }
    [JsonPropertyName("orderId")] public required string OrderId { get; init; }
    [JsonPropertyName("batchId")] public required string BatchId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("amount")][JsonConverter(typeof(DecimalAsShortStringConverter))] public decimal Amount { get; init; }
    [JsonPropertyName("receiveType")] public required string ReceiveType { get; init; }
    [JsonPropertyName("receiver")] public required string Receiver { get; init; }
}

/// <summary>Wire names of payouts (docs/api-reference.md#payouts).</summary>
public static class PayoutNames
{
    public const string DirectTransfer = "DIRECT_TRANSFER";
    public const string Email = "EMAIL";
    public const string Phone = "PHONE";
    public const string Accepted = "ACCEPTED";
    public const string All = "ALL";
    public const string BizTypePayout = "PAYOUT";
    public const string BizTypePayoutNonBinance = "PAYOUT_NON_BN";

    public static IReadOnlyList<string> BizScenes { get; } =
        [DirectTransfer, "CRYPTO_REWARDS", "SETTLEMENT", "REIMBURSEMENT", "MERCHANT_PAYMENT", "OTHERS"];

    public static IReadOnlyList<string> ReceiveTypes { get; } =
        [Payouts.ReceiveTypes.BinanceId, Payouts.ReceiveTypes.PayId, Email, Phone];

    public static IReadOnlyList<string> BatchStatuses { get; } =
        [Accepted, "PROCESSING", "SUCCESS", "PART_SUCCESS", "FAILED"];

    public static IReadOnlyList<string> LineStatuses { get; } =
        ["PROCESSING", "SUCCESS", "FAIL", "AWAITING_RECEIPT", "REFUNDED"];

    /// <summary>What <c>detailStatus</c> may list.</summary>
    public static IReadOnlyList<string> DetailStatuses { get; } = [All, .. LineStatuses];
}
