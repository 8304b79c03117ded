using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Application.Webhooks;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;
using Citrine.Domain.Refunds;

namespace Citrine.Application.Refunds;

/// <summary>The order as the refund store read it under the order's row lock.</summary>
public sealed record RefundableOrder(Order Order, int RefundCount, bool RejectNextRefund);

/// <summary>What accepting a refund writes: the refund row (with its sandbox reject mark) and the hold journal; or,
/// when refused, only the outcome.</summary>
public sealed record RefundAcceptance(RefundOutcome Outcome, Refund? Refund = null, Journal? Hold = null,
    bool Reject = false);

/// <summary>What the refund store read under the order's row lock before settling a refund.</summary>
public sealed record RefundSettling(Order Order, Refund Refund, bool Reject, bool AnotherPending, PaymentLeg? Paid);

/// <summary>What settling a refund writes: the refund's and the order's edges, the journal and the webhook.</summary>
public sealed record RefundSettlementPlan(RefundEvent Event, RefundStatus RefundTo, OrderStatus OrderTo,
    long RefundedUnitsAfter, Journal Journal, OutboxEvent Notification);

/// <summary>
/// The refund rules applied to what the store read under the order's lock: the store locks, reads, calls these and
/// writes the result with conditional updates, so the database still decides every race.
/// </summary>
public static class RefundPlans
{
    public static RefundAcceptance Accept(RefundRequest request, RefundableOrder found, long nowMs)
    {
        var order = found.Order;
        var (verdict, share) = RefundRules.Decide(order.Status, order.AmountUnits, order.CommissionUnits,
            order.RefundedUnits, found.RefundCount, request.AmountUnits);
        if (share is null)
        {
            return new RefundAcceptance(verdict switch
            {
                RefundVerdict.TooManyAttempts => RefundOutcome.TooManyAttempts,
                RefundVerdict.AmountExceedsRemaining => RefundOutcome.AmountExceedsRemaining,
                _ => RefundOutcome.OrderNotRefundable,
            });
        }

        // While part of a tagged order is split and not returned, a refund leaves it (docs/compatibility.md#profit-sharing).
        if (share.RefundedUnitsAfter > Domain.ProfitSharing.SplitLifecycle.RefundableAfterSplit(order.AmountUnits,
                order.CommissionUnits, order.SplitUnits))
        {
            return new RefundAcceptance(RefundOutcome.AmountExceedsRemaining);
        }

        var refund = new Refund
        {
            RefundId = Ids.NewPrepayId(nowMs),
            MerchantId = request.MerchantId,
            RefundRequestId = request.RefundRequestId,
            PrepayId = order.PrepayId,
            Fingerprint = request.Fingerprint,
            RefundUnits = share.RefundUnits,
            RefundedUnitsAfter = share.RefundedUnitsAfter,
            RefundCommissionUnits = share.CommissionUnits,
            RefundedCommissionAfter = share.RefundedCommissionAfter,
            RemainingAttempts = share.RemainingAttempts,
            RefundReason = request.RefundReason,
            WebhookUrl = request.WebhookUrl,
            Status = RefundStatus.Pending.WireName(),
            CreatedAtMs = nowMs,
        };
        var hold = RefundJournals.Hold(order.MerchantId, order.Currency, Reference(refund), refund.RefundUnits,
            refund.RefundCommissionUnits);
        return new RefundAcceptance(RefundOutcome.Accepted, refund, hold, found.RejectNextRefund);
    }

    /// <summary>Settles a pending refund: it succeeds (the buyer is paid) unless the sandbox marked it to be
    /// rejected (the hold is released and its amount given back to the order).</summary>
    public static RefundSettlementPlan Settle(RefundSettling found, long nowMs)
    {
        var (order, refund) = (found.Order, found.Refund);
        var refundEvent = found.Reject ? RefundEvent.Reject : RefundEvent.Succeed;
        var refundTo = RefundLifecycle.Table.Targets(RefundStatus.Pending, refundEvent).Single();
        var refundedAfter = found.Reject ? order.RefundedUnits - refund.RefundUnits : order.RefundedUnits;
        var orderTo = OrderLifecycle.AfterRefundSettles(refundEvent.OrderEvent(), order.AmountUnits, refundedAfter,
            found.AnotherPending);
        var journal = found.Reject
            ? RefundJournals.Release(order.MerchantId, order.Currency, Reference(refund), refund.RefundUnits,
                refund.RefundCommissionUnits)
            : RefundJournals.Refund(order.Currency, order.AmountUnits, Reference(refund), refund.RefundUnits,
                refund.RefundedUnitsAfter, found.Paid ?? throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Order {order.PrepayId} has no single buyer payment leg.")));
        var settledRefund = refund with { Status = refundTo.WireName(), SettledAtMs = nowMs };
        var settledOrder = order with { Status = orderTo, RefundedUnits = refundedAfter };
        return new RefundSettlementPlan(refundEvent, refundTo, orderTo, refundedAfter, journal,
            RefundNotifications.Settled(settledOrder, settledRefund, refundEvent, nowMs));
    }

    private static string Reference(Refund refund) => refund.RefundId.ToString(CultureInfo.InvariantCulture);
}
