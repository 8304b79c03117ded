using System.Collections.Concurrent;
using Citrine.Contracts.Webhooks;

namespace Citrine.Sample.Merchant;

/// <summary>The shop's own record of its orders: created before the buyer is redirected, marked paid by the webhook.
/// A real shop keeps this in its database and marks it idempotently (webhooks arrive at least once).</summary>
public sealed class ShopOrders
{
    private readonly ConcurrentDictionary<string, string> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OrderNotificationData> _paid = new(StringComparer.Ordinal);

    /// <summary>merchantTradeNo → prepayId of every order the shop created.</summary>
    public IReadOnlyDictionary<string, string> Created => _created;

    public void Add(string merchantTradeNo, string prepayId) => _created[merchantTradeNo] = prepayId;

    public void MarkPaid(string merchantTradeNo, OrderNotificationData notification) =>
        _paid.TryAdd(merchantTradeNo, notification);

    public OrderNotificationData? FindPaid(string merchantTradeNo) => _paid.GetValueOrDefault(merchantTradeNo);
}
