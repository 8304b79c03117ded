using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Domain.Orders;

namespace Citrine.Application.Orders;

/// <summary>
/// Close Order (docs/api-reference.md#close-order): the Close edge of <see cref="OrderLifecycle"/> by one conditional
/// update that also writes the <c>PAY_CLOSED</c> event. Closing an order that is already closed or expired answers
/// 400204, as does one with payment activity (docs/compatibility.md, "Closing a closed order").
/// </summary>
public sealed class CloseOrderHandler(IOrderStore orders, OrderExpiry expiry, TimeProvider time)
{
    public async Task<Result<bool>> HandleAsync(OrderLookup lookup, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(lookup.MerchantId, lookup.PrepayId, lookup.MerchantTradeNo,
            cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return Result<bool>.Fail(ResultCodes.OrderNotFound, "order not found");
        }

        var nowMs = time.MerchantNowMs(lookup.MerchantId);
        if (OrderLifecycle.Table.Allows(order.Status, OrderEvent.Close) && !order.IsOverdue(nowMs)
            && await orders.TryCloseAsync(order.PrepayId, nowMs, OrderNotifications.Closed(order, nowMs),
                cancellationToken).ConfigureAwait(false))
        {
            return Result<bool>.Ok(true);
        }

        // Lost the race, or the order was not open: report what it is now.
        var current = await orders.GetAsync(order.PrepayId, cancellationToken).ConfigureAwait(false) ?? order;
        current = await expiry.ExpireIfOverdueAsync(current, cancellationToken).ConfigureAwait(false);
        var reason = OrderLifecycle.HasPaymentActivity(current.Status)
            ? "it was paid or has payment activity on the way"
            : "it is already closed";
        return Result<bool>.Fail(ResultCodes.InvalidOrderStatus,
            $"order is {current.Status.WireName()}: not applicable to close, {reason}");
    }
}
