using Citrine.Application.Webhooks;

namespace Citrine.Application.Orders;

/// <summary>Storage port for orders. Each transition is one conditional update committed with its outbox event.</summary>
public interface IOrderStore
{
    /// <summary>Inserts the order unless its prepayId or (merchant, merchantTradeNo) exists; false when it does.</summary>
    Task<bool> TryInsertAsync(Order order, CancellationToken cancellationToken);

    Task<bool> MerchantTradeNoExistsAsync(long merchantId, string merchantTradeNo, CancellationToken cancellationToken);

    /// <summary>Finds a merchant's order by prepayId (preferred) or merchantTradeNo.</summary>
    Task<Order?> FindAsync(long merchantId, long? prepayId, string? merchantTradeNo, CancellationToken cancellationToken);

    Task<Order?> FindByCheckoutCodeAsync(string checkoutCode, CancellationToken cancellationToken);

    Task<Order?> GetAsync(long prepayId, CancellationToken cancellationToken);

    /// <summary>The Close edge of <see cref="Domain.Orders.OrderLifecycle"/> if not yet expired at
    /// <paramref name="nowMs"/>; writes the event when it wins.</summary>
    Task<bool> TryCloseAsync(long prepayId, long nowMs, OutboxEvent closedEvent, CancellationToken cancellationToken);

    /// <summary>The Expire edge of <see cref="Domain.Orders.OrderLifecycle"/> if expired at
    /// <paramref name="nowMs"/>; writes the event when it wins.</summary>
    Task<bool> TryExpireAsync(long prepayId, long nowMs, OutboxEvent expiredEvent, CancellationToken cancellationToken);

    /// <summary>Open orders whose expiry time has passed, oldest first.</summary>
    Task<IReadOnlyList<Order>> ListOverdueAsync(long nowMs, int limit, CancellationToken cancellationToken);

    /// <summary>A page of orders, newest first (the dashboard's list); always one merchant's unless
    /// <see cref="OrderListQuery.MerchantId"/> is null (the operator).</summary>
    Task<IReadOnlyList<Order>> ListAsync(OrderListQuery query, CancellationToken cancellationToken);

    /// <summary>The ledger journals of <paramref name="merchantId"/>'s order <paramref name="prepayId"/>, oldest first
    /// (none when the order is another merchant's).</summary>
    Task<IReadOnlyList<PostedJournal>> ListJournalsAsync(long merchantId, long prepayId,
        CancellationToken cancellationToken);
}
