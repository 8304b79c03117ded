using Citrine.Contracts;

namespace Citrine.Application.Orders;

/// <summary>Query Order (v1 and v2): finds the merchant's own order; another merchant's order is "not found".</summary>
public sealed class QueryOrderHandler(IOrderStore orders, OrderExpiry expiry)
{
    public async Task<Result<Order>> HandleAsync(OrderLookup lookup, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(lookup.MerchantId, lookup.PrepayId, lookup.MerchantTradeNo,
            cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            return Result<Order>.Fail(ResultCodes.OrderNotFound, "order not found");
        }

        return Result<Order>.Ok(await expiry.ExpireIfOverdueAsync(order, cancellationToken).ConfigureAwait(false));
    }
}
