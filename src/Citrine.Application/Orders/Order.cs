using Citrine.Domain.Orders;

namespace Citrine.Application.Orders;

/// <summary>An order as stored. Amounts are integer units of 1e-8; times are Unix milliseconds.</summary>
public sealed record Order
{
    public required long PrepayId { get; init; }
    public required long MerchantId { get; init; }
    public long? SubMerchantId { get; init; }
    public required string MerchantTradeNo { get; init; }
    public required int ApiVersion { get; init; }
    public required OrderStatus Status { get; init; }
    public required string Currency { get; init; }
    public required long AmountUnits { get; init; }
    public required string TerminalType { get; init; }
    public string? ProductType { get; init; }
    public required string ProductName { get; init; }
    public string? ProductDetail { get; init; }
    public string? ReturnUrl { get; init; }
    public string? CancelUrl { get; init; }
    public string? WebhookUrl { get; init; }
    public string? PassThroughInfo { get; init; }
    public string? SupportPayCurrency { get; init; }
    public string? FiatCurrency { get; init; }
    public long? FiatAmountUnits { get; init; }
    public required string CheckoutCode { get; init; }
    public required long ExpireTimeMs { get; init; }
    public required long CreateTimeMs { get; init; }
    public long? TransactTimeMs { get; init; }
    public string? TransactionId { get; init; }
    public string? OpenUserId { get; init; }
    public long? PayerId { get; init; }
    public string? PaymentInfoJson { get; init; }
    public long CommissionUnits { get; init; }
    public long RefundedUnits { get; init; }

    /// <summary>Created with <c>orderTags.ifProfitSharing</c>: profit-sharing splits may pay out of it once PAID.</summary>
    public bool ProfitSharing { get; init; }

    /// <summary>What the order's profit-sharing splits hold now: lines not failed, minus what was returned.</summary>
    public long SplitUnits { get; init; }

    /// <summary>True when the order may still expire (<see cref="OrderLifecycle"/>) and its expiry time has
    /// passed.</summary>
    public bool IsOverdue(long nowMs) =>
        OrderLifecycle.Table.Allows(Status, OrderEvent.Expire) && nowMs >= ExpireTimeMs;
}
