namespace Citrine.Domain.Orders;

/// <summary>Order statuses exactly as Binance names them (docs/api-reference.md#query-order).</summary>
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

/// <summary>What can happen to an order.</summary>
public enum OrderEvent
{
    Pay,
    Close,
    Expire,
    RefundRequested,
    RefundSettledPartially,
    RefundSettledFully,
    RefundRejected,
}
