using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.Orders;

/// <summary>
/// The order lifecycle: every (status, event) pair is decided by <see cref="Table"/>; a pair it does not list is
/// refused. Binance documents the statuses but not the edges; the edges are ours (docs/compatibility.md). PENDING and
/// ERROR are statuses Binance may report, but Citrine never enters them, so no edge leads into or out of them.
/// </summary>
public static class OrderLifecycle
{
    public const string PaySuccess = "PAY_SUCCESS";
    public const string PayClosed = "PAY_CLOSED";

    public static readonly Lifecycle<OrderStatus, OrderEvent> Table = new(WireName,
        new(OrderStatus.Initial, OrderEvent.Pay, OrderStatus.Paid, PaySuccess),
        new(OrderStatus.Initial, OrderEvent.Close, OrderStatus.Canceled, PayClosed),
        new(OrderStatus.Initial, OrderEvent.Expire, OrderStatus.Expired, PayClosed),
        // Refunds may overlap: a refund can be asked for while another is still pending (the order is REFUNDING).
        new(OrderStatus.Paid, OrderEvent.RefundRequested, OrderStatus.Refunding, null),
        new(OrderStatus.Refunding, OrderEvent.RefundRequested, OrderStatus.Refunding, null),
        new(OrderStatus.Refunded, OrderEvent.RefundRequested, OrderStatus.Refunding, null),
        // A refund settling: the order's status follows what is left (AfterRefundSettles). The PAY_REFUND webhook
        // belongs to the refund's own lifecycle (RefundLifecycle).
        new(OrderStatus.Refunding, OrderEvent.RefundSucceeded, OrderStatus.Refunding, null),
        new(OrderStatus.Refunding, OrderEvent.RefundSucceeded, OrderStatus.Refunded, null),
        new(OrderStatus.Refunding, OrderEvent.RefundSucceeded, OrderStatus.FullRefunded, null),
        new(OrderStatus.Refunding, OrderEvent.RefundRejected, OrderStatus.Refunding, null),
        new(OrderStatus.Refunding, OrderEvent.RefundRejected, OrderStatus.Refunded, null),
        new(OrderStatus.Refunding, OrderEvent.RefundRejected, OrderStatus.Paid, null));

    /// <summary>Statuses of an order that was paid: PAID and everything a paid order can become.</summary>
    public static readonly IReadOnlySet<OrderStatus> PaidStatuses = Table.ReachableFrom(Table.Target(OrderEvent.Pay));

    /// <summary>Statuses in which a refund may be asked for.</summary>
    public static readonly IReadOnlyList<OrderStatus> RefundableStatuses = Table.Sources(OrderEvent.RefundRequested);

    /// <summary>Statuses from which a close is refused with 400204 as "paid or payment activity on the way", rather
    /// than "already closed": the paid ones and the two Binance statuses of a payment in flight.</summary>
    public static bool HasPaymentActivity(OrderStatus status) =>
        status is OrderStatus.Pending or OrderStatus.Error || PaidStatuses.Contains(status);

    /// <summary>
    /// The order's status once a refund has settled: still REFUNDING while another refund is pending, else by the
    /// amount refunded after it (a rejected refund has already given its amount back).
    /// </summary>
    public static OrderStatus AfterRefundSettles(OrderEvent settled, long amountUnits, long refundedUnitsAfter,
        bool anotherPending)
    {
        var to = anotherPending ? OrderStatus.Refunding
            : refundedUnitsAfter >= amountUnits ? OrderStatus.FullRefunded
            : refundedUnitsAfter == 0 ? OrderStatus.Paid
            : OrderStatus.Refunded;
        return Table.Allows(OrderStatus.Refunding, settled, to) ? to : throw new InvalidOperationException(
            $"A refund settling by {settled} cannot leave the order {to.WireName()}.");
    }

    /// <summary>The wire and storage name of a status.</summary>
    public static string WireName(this OrderStatus status) => status switch
    {
        OrderStatus.Initial => "INITIAL",
        OrderStatus.Pending => "PENDING",
        OrderStatus.Paid => "PAID",
        OrderStatus.Canceled => "CANCELED",
        OrderStatus.Error => "ERROR",
        OrderStatus.Refunding => "REFUNDING",
        OrderStatus.Refunded => "REFUNDED",
        OrderStatus.FullRefunded => "FULL_REFUNDED",
        OrderStatus.Expired => "EXPIRED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status of a wire or storage name.</summary>
    public static OrderStatus ParseOrderStatus(string wire) =>
        Enum.GetValues<OrderStatus>().Where(s => s.WireName() == wire).Cast<OrderStatus?>().FirstOrDefault()
        ?? throw new InvalidDataException($"Unknown order status '{wire}'.");
}
