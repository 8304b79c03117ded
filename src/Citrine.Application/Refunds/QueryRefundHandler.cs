using Citrine.Application.Orders;
using Citrine.Contracts;

namespace Citrine.Application.Refunds;

/// <summary>A refund with the order it belongs to (null only if the order row is gone, e.g. after a sandbox reset).</summary>
public sealed record RefundWithOrder(Refund Refund, Order? Order);

/// <summary>
/// Query Refund (docs/api-reference.md#query-refund): by the merchant's <c>refundRequestId</c>; an unknown id or
/// another merchant's answers <c>400001</c> (docs/compatibility.md, "Refunds").
/// </summary>
public sealed class QueryRefundHandler(IRefundStore refunds, IOrderStore orders)
{
    public async Task<Result<RefundWithOrder>> HandleAsync(long merchantId, string refundRequestId,
        CancellationToken cancellationToken)
    {
        var refund = await refunds.FindAsync(merchantId, refundRequestId, cancellationToken).ConfigureAwait(false);
        if (refund is null)
        {
            return Result<RefundWithOrder>.Fail(ResultCodes.InvalidRequest,
                "refundRequestId: no refund of this merchant has this refundRequestId");
        }

        var order = await orders.GetAsync(refund.PrepayId, cancellationToken).ConfigureAwait(false);
        return Result<RefundWithOrder>.Ok(new RefundWithOrder(refund, order));
    }
}
