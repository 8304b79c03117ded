using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.Refunds;

/// <summary>A refund's statuses as Binance names them.</summary>
public enum RefundStatus
{
    Pending,
    Success,
    Fail,
}

/// <summary>What can happen to a refund once accepted.</summary>
public enum RefundEvent
{
    Succeed,
    Reject,
}

/// <summary>
/// The refund lifecycle: accepted REFUND_PENDING, then settled once, to REFUND_SUCCESS or REFUND_FAIL, each with its
/// <c>PAY_REFUND</c> webhook. The order moves with it (<see cref="Orders.OrderLifecycle"/>).
/// </summary>
public static class RefundLifecycle
{
    public const string RefundSuccess = "REFUND_SUCCESS";
    public const string RefundRejected = "REFUND_REJECTED";

    public static readonly Lifecycle<RefundStatus, RefundEvent> Table = new(WireName,
        new(RefundStatus.Pending, RefundEvent.Succeed, RefundStatus.Success, RefundSuccess),
        new(RefundStatus.Pending, RefundEvent.Reject, RefundStatus.Fail, RefundRejected));

    /// <summary>The order event a refund event is.</summary>
    public static Orders.OrderEvent OrderEvent(this RefundEvent refundEvent) => refundEvent switch
    {
        RefundEvent.Succeed => Orders.OrderEvent.RefundSucceeded,
        RefundEvent.Reject => Orders.OrderEvent.RefundRejected,
        _ => throw new ArgumentOutOfRangeException(nameof(refundEvent), refundEvent, null),
    };

    public static string WireName(this RefundStatus status) => status switch
    {
        RefundStatus.Pending => "REFUND_PENDING",
        RefundStatus.Success => "REFUND_SUCCESS",
        RefundStatus.Fail => "REFUND_FAIL",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RefundStatus ParseRefundStatus(string wire) =>
        Enum.GetValues<RefundStatus>().Where(s => s.WireName() == wire).Cast<RefundStatus?>().FirstOrDefault()
        ?? throw new InvalidDataException($"Unknown refund status '{wire}'.");
}
