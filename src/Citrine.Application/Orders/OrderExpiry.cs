namespace Citrine.Application.Orders;

/// <summary>Expires overdue orders with their <c>PAY_CLOSED</c> event (see <see cref="Expiry{T}"/>).</summary>
public sealed class OrderExpiry(IOrderStore orders, TimeProvider time, IBackgroundFailureStore failures,
    CitrineOptions options) : Expiry<Order>(time, failures, options)
{
    protected override string LoopName => BackgroundRetry.OrderExpiry;

    protected override long IdOf(Order item) => item.PrepayId;

    protected override long MerchantOf(Order item) => item.MerchantId;

    protected override bool IsOverdue(Order item, long nowMs) => item.IsOverdue(nowMs);

    protected override Task<bool> TryExpireAsync(Order item, long nowMs, CancellationToken cancellationToken) =>
        orders.TryExpireAsync(item.PrepayId, nowMs, OrderNotifications.Closed(item, nowMs), cancellationToken);

    protected override Task<Order?> ReloadAsync(Order item, CancellationToken cancellationToken) =>
        orders.GetAsync(item.PrepayId, cancellationToken);

    protected override Task<IReadOnlyList<Order>> ListOverdueAsync(long nowMs, int limit,
        CancellationToken cancellationToken) =>
        orders.ListOverdueAsync(nowMs, limit, cancellationToken);
}
