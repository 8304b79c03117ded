namespace Citrine.Application.Orders;

/// <summary>
/// Moves overdue orders to EXPIRED with their <c>PAY_CLOSED</c> event. Used by the sweeper and, so that a query
/// never reports an order open after its expiry time, lazily by query and close. Idempotent and safe on several
/// nodes: the conditional update lets exactly one caller win.
/// </summary>
public sealed class OrderExpiry(IOrderStore orders, TimeProvider time)
{
    /// <summary>Largest batch one sweep handles.</summary>
    public const int SweepBatchMax = 200;

    /// <summary>Expires the order if it is overdue; returns the order as it now stands.</summary>
    public async Task<Order> ExpireIfOverdueAsync(Order order, CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!order.IsOverdue(nowMs))
        {
            return order;
        }

        await orders.TryExpireAsync(order.PrepayId, nowMs, OrderNotifications.Closed(order, nowMs), cancellationToken)
            .ConfigureAwait(false);
        return await orders.GetAsync(order.PrepayId, cancellationToken).ConfigureAwait(false) ?? order;
    }

    /// <summary>One sweep: expires up to <see cref="SweepBatchMax"/> overdue orders; returns how many it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var overdue = await orders.ListOverdueAsync(nowMs, SweepBatchMax, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var order in overdue)
        {
            if (await orders.TryExpireAsync(order.PrepayId, nowMs, OrderNotifications.Closed(order, nowMs),
                    cancellationToken).ConfigureAwait(false))
            {
                expired++;
            }
        }

        return expired;
    }
}
