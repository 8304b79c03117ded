using Citrine.Application.Sandbox;
using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Domain.Orders;
using Citrine.Domain.Refunds;

namespace Citrine.Application.Refunds;

/// <summary>
/// Refund Order (docs/api-reference.md#refund-order). The store locks the order and applies
/// <see cref="RefundPlans.Accept"/> in one transaction; this maps its outcome to the result codes recorded in
/// docs/compatibility.md ("Refunds"). An accepted refund is REFUND_PENDING: a background step
/// (<see cref="RefundSettlement"/>) settles it and sends the <c>PAY_REFUND</c> webhook.
/// </summary>
public sealed class RefundOrderHandler(IRefundStore refunds, TimeProvider time)
{
    /// <summary>The documented limit of refunds per order.</summary>
    public const int AttemptsMax = RefundRules.AttemptsMax;

    public async Task<Result<(Refund Refund, Order Order, bool Duplicate)>> HandleAsync(RefundRequest request,
        CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(request.MerchantId);
        var attempt = await refunds.RequestAsync(request, nowMs, found => RefundPlans.Accept(request, found, nowMs),
            cancellationToken).ConfigureAwait(false);
        var order = attempt.Order;
        return attempt.Outcome switch
        {
            RefundOutcome.Accepted => Result<(Refund, Order, bool)>.Ok((attempt.Refund!, order!, false)),
            RefundOutcome.Duplicate => Result<(Refund, Order, bool)>.Ok((attempt.Refund!, order!, true)),
            RefundOutcome.DifferentRequest => Result<(Refund, Order, bool)>.Fail(ResultCodes.InvalidRequest,
                "refundRequestId: already used for a refund with another prepayId, refundAmount, refundReason or webhookUrl"),
            RefundOutcome.OrderNotFound => Result<(Refund, Order, bool)>.Fail(ResultCodes.InvalidPrepayId,
                "prepayId: no order of this merchant has this prepayId"),
            RefundOutcome.OrderNotRefundable => Result<(Refund, Order, bool)>.Fail(ResultCodes.InvalidOrderStatus,
                $"order is {order!.Status.WireName()}: only a paid order can be refunded"),
            RefundOutcome.TooManyAttempts => Result<(Refund, Order, bool)>.Fail(ResultCodes.TooManyRefundAttempts,
                string.Create(CultureInfo.InvariantCulture, $"prepayId: already refunded {AttemptsMax} times")),
            RefundOutcome.AmountExceedsRemaining => Result<(Refund, Order, bool)>.Fail(ResultCodes.InvalidRefundAmount,
                $"refundAmount: greater than the remaining amount {Amounts.FormatUnitsShort(order!.AmountUnits - order.RefundedUnits)}"),
            _ => Result<(Refund, Order, bool)>.Fail(ResultCodes.AccountRemainingAmountNotEnough,
                "refundAmount: the merchant's balance cannot cover this refund"),
        };
    }
}
