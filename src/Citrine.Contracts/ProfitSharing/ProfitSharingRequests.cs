using System.Text.Json.Serialization;

namespace Citrine.Contracts.ProfitSharing;

/// <summary>Add or delete a profit-sharing receiver (<c>POST /binancepay/openapi/profitsharing/v1/add-receiver</c>,
/// <c>del-receiver</c>, docs/api-reference.md#profit-sharing).</summary>
public sealed record SplitReceiverRequest
{
    /// <summary>The receiver's Binance ID (a sandbox buyer's).</summary>
    [JsonPropertyName("account")] public required string Account { get; init; }
}

/// <summary>A page of the merchant's receivers (<c>query-receiver</c>).</summary>
public sealed record QuerySplitReceiversRequest
{
    /// <summary>From 1.</summary>
    [JsonPropertyName("pageNum")] public required int PageNum { get; init; }

    /// <summary>From 1 to 100.</summary>
    [JsonPropertyName("pageSize")] public required int PageSize { get; init; }
}

/// <summary>Submit a split of a PAID order created with <c>orderTags.ifProfitSharing</c> (<c>submit-split</c>);
/// idempotent by <see cref="MerchantRequestId"/>.</summary>
public sealed record SubmitSplitRequest
{
    [JsonPropertyName("merchantRequestId")] public required string MerchantRequestId { get; init; }

    /// <summary>The order's prepayId.</summary>
    [JsonPropertyName("prepayOrderId")] public required string PrepayOrderId { get; init; }

    /// <summary>1 to 100 receivers, each a registered account at most once.</summary>
    [JsonPropertyName("receiverList")] public required IReadOnlyList<SplitReceiverLine> ReceiverList { get; init; }
}

/// <summary>One receiver of a split.</summary>
public sealed record SplitReceiverLine
{
    [JsonPropertyName("account")] public required string Account { get; init; }
    [JsonPropertyName("amount")] public required decimal Amount { get; init; }

    /// <summary>At most 128 characters: letters, digits, spaces and <c>, / .</c> only.</summary>
    [JsonPropertyName("description")] public required string Description { get; init; }

    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }
}

/// <summary>A split by its merchantRequestId and order (<c>query-split</c>).</summary>
public sealed record QuerySplitRequest
{
    [JsonPropertyName("merchantRequestId")] public required string MerchantRequestId { get; init; }
    [JsonPropertyName("prepayOrderId")] public required string PrepayOrderId { get; init; }
}

/// <summary>Take part of a paid split line back from its receiver (<c>return</c>); the split is named by
/// <see cref="SplitOrderNo"/> or <see cref="OriginMerchantRequestId"/>; idempotent by
/// <see cref="MerchantReturnNo"/>.</summary>
public sealed record SplitReturnRequest
{
    [JsonPropertyName("prepayOrderId")] public required string PrepayOrderId { get; init; }
    [JsonPropertyName("splitOrderNo")] public string? SplitOrderNo { get; init; }
    [JsonPropertyName("originMerchantRequestId")] public string? OriginMerchantRequestId { get; init; }
    [JsonPropertyName("merchantReturnNo")] public required string MerchantReturnNo { get; init; }

    /// <summary>The receiver's account as it was split to.</summary>
    [JsonPropertyName("transferOutAccount")] public required string TransferOutAccount { get; init; }

    [JsonPropertyName("returnAmount")] public required decimal ReturnAmount { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("webhookUrl")] public string? WebhookUrl { get; init; }
}
