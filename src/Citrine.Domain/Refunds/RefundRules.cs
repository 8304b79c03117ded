using Citrine.Domain.Orders;

namespace Citrine.Domain.Refunds;

/// <summary>Why a refund request is refused, or that it is not.</summary>
public enum RefundVerdict
{
    Accepted,
    TooManyAttempts,
    AmountExceedsRemaining,
    OrderNotRefundable,
}

/// <summary>What an accepted refund takes: its amount and commission, and the order's totals after it.</summary>
public sealed record RefundShare(long RefundUnits, long RefundedUnitsAfter, long CommissionUnits,
    long RefundedCommissionAfter, int RemainingAttempts);

/// <summary>
/// The rules of Refund Order (docs/compatibility.md, "Refunds"): at most <see cref="AttemptsMax"/> refunds per order,
/// never more than was paid, and the last allowed refund takes the whole remainder whatever was asked. Each refund
/// carries the commission that belongs to its share of the order, pro rata and rounded down cumulatively, so that the
/// refunds of a whole order return exactly the whole commission.
/// </summary>
public static class RefundRules
{
    /// <summary>The documented limit of refunds per order.</summary>
    public const int AttemptsMax = 10;

    /// <summary>Decides a refund of <paramref name="requestedUnits"/> on an order as it stands under its row lock:
    /// the verdict, and for an accepted one the share it takes.</summary>
    public static (RefundVerdict Verdict, RefundShare? Share) Decide(OrderStatus status, long amountUnits,
        long commissionUnits, long refundedUnits, int refundCount, long requestedUnits)
    {
        if (refundCount >= AttemptsMax)
        {
            return (RefundVerdict.TooManyAttempts, null);
        }

        var last = refundCount == AttemptsMax - 1;
        if (!OrderLifecycle.Table.Allows(status, OrderEvent.RefundRequested) || refundedUnits >= amountUnits
            || (!last && requestedUnits > amountUnits - refundedUnits))
        {
            // A paid order that cannot take this amount is an amount error; any other is not refundable at all.
            return (OrderLifecycle.PaidStatuses.Contains(status)
                ? RefundVerdict.AmountExceedsRemaining
                : RefundVerdict.OrderNotRefundable, null);
        }

        var units = last ? amountUnits - refundedUnits : requestedUnits;
        var after = refundedUnits + units;
        var commissionAfter = ProRata(commissionUnits, after, amountUnits);
        var commission = commissionAfter - ProRata(commissionUnits, refundedUnits, amountUnits);
        return (RefundVerdict.Accepted,
            new RefundShare(units, after, commission, commissionAfter, AttemptsMax - (refundCount + 1)));
    }

    /// <summary>The part of <paramref name="total"/> that belongs to <paramref name="part"/> of
    /// <paramref name="whole"/>, rounded down.</summary>
    public static long ProRata(long total, long part, long whole) => (long)((Int128)total * part / whole);
}
