namespace Citrine.Domain.Orders;

/// <summary>
/// The order lifecycle as one total function: every (status, event) pair is decided here. Binance documents the
/// statuses but not the edges (docs/api-reference.md#query-order); the edges below are ours and recorded in
/// docs/compatibility.md.
/// </summary>
public static class OrderStateMachine
{
    /// <summary>The status after <paramref name="orderEvent"/>, or null when the transition is not allowed.</summary>
    public static OrderStatus? Next(OrderStatus from, OrderEvent orderEvent) => (from, orderEvent) switch
    {
        (OrderStatus.Initial, OrderEvent.Pay) => OrderStatus.Paid,
        (OrderStatus.Pending, OrderEvent.Pay) => OrderStatus.Paid,
        (OrderStatus.Initial, OrderEvent.Close) => OrderStatus.Canceled,
        (OrderStatus.Initial, OrderEvent.Expire) => OrderStatus.Expired,
        (OrderStatus.Pending, OrderEvent.Expire) => OrderStatus.Expired,
        (OrderStatus.Paid or OrderStatus.Refunded, OrderEvent.RefundRequested) => OrderStatus.Refunding,
        (OrderStatus.Refunding, OrderEvent.RefundSettledPartially) => OrderStatus.Refunded,
        (OrderStatus.Refunding, OrderEvent.RefundSettledFully) => OrderStatus.FullRefunded,
        _ => null,
    };

    /// <summary>Statuses from which a close is refused with 400204 (paid or payment activity on the way).</summary>
    public static bool HasPaymentActivity(OrderStatus status) => status is OrderStatus.Pending or OrderStatus.Paid
        or OrderStatus.Refunding or OrderStatus.Refunded or OrderStatus.FullRefunded or OrderStatus.Error;

    /// <summary>The wire name of a status.</summary>
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
}
