using System.Collections.Concurrent;
using Citrine.Contracts.Webhooks;

namespace Citrine.Sample.Merchant;

/// <summary>What a verified order webhook told the shop: <c>PAY_SUCCESS</c> or <c>PAY_CLOSED</c>, and its data.</summary>
public sealed record OrderOutcome(string BizStatus, OrderNotificationData Data);

/// <summary>The shop's own record of its orders: created before the buyer is redirected, then settled by the verified
/// webhook. A real shop keeps this in its database and records idempotently (webhooks arrive at least once).</summary>
public sealed class ShopOrders
{
    private readonly ConcurrentDictionary<string, string> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OrderOutcome> _settled = new(StringComparer.Ordinal);
    private int _notifications;

    /// <summary>merchantTradeNo → prepayId of every order the shop created.</summary>
    public IReadOnlyDictionary<string, string> Created => _created;

    /// <summary>How many order webhooks reached <see cref="Settle"/>, duplicates and redeliveries included; each order
    /// is settled once however many arrive.</summary>
    public int Notifications => Volatile.Read(ref _notifications);

    public void Add(string merchantTradeNo, string prepayId) => _created[merchantTradeNo] = prepayId;

    /// <summary>Records a webhook's outcome for an order this shop created; false for any other order. An order ends
    /// paid or closed, never both, so the first outcome stays (a redelivery repeats it).</summary>
    public bool Settle(string bizStatus, OrderNotificationData notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Interlocked.Increment(ref _notifications);
        return _created.ContainsKey(notification.MerchantTradeNo)
               && (_settled.TryAdd(notification.MerchantTradeNo, new OrderOutcome(bizStatus, notification))
                   || _settled[notification.MerchantTradeNo].BizStatus == bizStatus);
    }

    public OrderOutcome? FindOutcome(string merchantTradeNo) => _settled.GetValueOrDefault(merchantTradeNo);
}
