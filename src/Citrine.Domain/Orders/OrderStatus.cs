namespace Citrine.Domain.Orders;

/// <summary>Order statuses exactly as Binance names them (docs/compatibility.md).</summary>
public enum OrderStatus
{
    Initial,
    Pending,
    Paid,
    Canceled,
    Error,
    Refunding,
    Refunded,
    FullRefunded,
    Expired,
}

/// <summary>What can happen to an order (see <see cref="OrderLifecycle"/>).</summary>
public enum OrderEvent
{
    Pay,
    Close,
    Expire,
    RefundRequested,
    RefundSucceeded,
    RefundRejected,
}
