using System.Text.Json.Serialization;

namespace Citrine.Contracts.ProfitSharing;

/// <summary>The answer to add-receiver and del-receiver: the account.</summary>
public sealed record SplitReceiverResult
{
    [JsonPropertyName("account")] public required string Account { get; init; }
}

/// <summary>A page of receivers.</summary>
public sealed record SplitReceiverPage
{
    [JsonPropertyName("accountList")] public required IReadOnlyList<string> AccountList { get; init; }
    [JsonPropertyName("totalPageNum")] public required int TotalPageNum { get; init; }
    [JsonPropertyName("totalRecordNum")] public required long TotalRecordNum { get; init; }
    [JsonPropertyName("currentPageNum")] public required int CurrentPageNum { get; init; }
    [JsonPropertyName("currentPageSize")] public required int CurrentPageSize { get; init; }
}

/// <summary>A split: submit-split's and query-split's answer.</summary>
public sealed record SplitResult
{
    /// <summary>The split's 18-digit id.</summary>
    [JsonPropertyName("splitOrderNo")] public required string SplitOrderNo { get; init; }

    [JsonPropertyName("merchantRequestId")] public required string MerchantRequestId { get; init; }
    [JsonPropertyName("prepayOrderId")] public required string PrepayOrderId { get; init; }

    /// <summary>0 WAITING, 1 PROCESSING, 2 FINISHED (<see cref="SplitStatusCodes"/>).</summary>
    [JsonPropertyName("status")] public required int Status { get; init; }

    [JsonPropertyName("receiverOrderDetails")] public required IReadOnlyList<SplitDetailResult> ReceiverOrderDetails { get; init; }
}

/// <summary>One line of a split.</summary>
public sealed record SplitDetailResult
{
    [JsonPropertyName("account")] public required string Account { get; init; }
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }

    /// <summary>Empty unless the line failed.</summary>
    [JsonPropertyName("failReason")] public string? FailReason { get; init; }

    /// <summary>The line's 18-digit id.</summary>
    [JsonPropertyName("detailId")] public required string DetailId { get; init; }

    /// <summary>1 PROCESSING, 2 SUCCESS, 3 FAIL.</summary>
    [JsonPropertyName("status")] public required int Status { get; init; }

    /// <summary>Unix seconds; absent while PROCESSING.</summary>
    [JsonPropertyName("finishTime")] public long? FinishTime { get; init; }
}

/// <summary>The answer to a return.</summary>
public sealed record SplitReturnResult
{
    [JsonPropertyName("prepayOrderId")] public required string PrepayOrderId { get; init; }
    [JsonPropertyName("splitOrderNo")] public required string SplitOrderNo { get; init; }
    [JsonPropertyName("originMerchantRequestId")] public required string OriginMerchantRequestId { get; init; }
    [JsonPropertyName("merchantReturnNo")] public required string MerchantReturnNo { get; init; }
    [JsonPropertyName("transferOutAccount")] public required string TransferOutAccount { get; init; }
    [JsonPropertyName("returnAmount")] public required decimal ReturnAmount { get; init; }
    [JsonPropertyName("returnOrderNo")] public required string ReturnOrderNo { get; init; }

    /// <summary>1 PROCESSING, 2 SUCCESS, 3 FAIL.</summary>
    [JsonPropertyName("status")] public required int Status { get; init; }

    [JsonPropertyName("failReason")] public string? FailReason { get; init; }

    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("finishTime")] public long? FinishTime { get; init; }
}

/// <summary>The numbers the split calls give statuses as.</summary>
public static class SplitStatusCodes
{
    public const int Waiting = 0;
    public const int Processing = 1;
    public const int Finished = 2;
    public const int LineProcessing = 1;
    public const int LineSuccess = 2;
    public const int LineFail = 3;
}
