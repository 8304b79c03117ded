using Citrine.Application.Orders;

namespace Citrine.Application.Refunds;

/// <summary>
/// Storage port for refunds. Accepting one is a single transaction: the order row is locked and read, the given
/// rules decide (<see cref="RefundPlans.Accept"/>), then the order's conditional RefundRequested update, the hold
/// journal and the refund row under its unique (merchant, refundRequestId). Settling one is another: lock and read,
/// decide (<see cref="RefundPlans.Settle"/>), then the refund's and the order's conditional updates (statuses from
/// the domain's lifecycles), the refund or release journal and the <c>PAY_REFUND</c> event.
/// </summary>
public interface IRefundStore
{
    Task<RefundAttempt> RequestAsync(RefundRequest request, long nowMs, Func<RefundableOrder, RefundAcceptance> accept,
        CancellationToken cancellationToken);

    Task<Refund?> FindAsync(long merchantId, string refundRequestId, CancellationToken cancellationToken);

    /// <summary>Pending refunds (with their merchants) due for settlement at <paramref name="nowMs"/> (server-wide)
    /// plus each merchant's own sandbox clock offset: not parked, and past the retry time of their last
    /// failure.</summary>
    Task<IReadOnlyList<(long RefundId, long MerchantId)>> ListPendingAsync(int limit, long nowMs,
        CancellationToken cancellationToken);

    /// <summary>Settles a pending refund as <paramref name="settle"/> plans. <see cref="RefundSettleOutcome.NotSettled"/>
    /// when the refund or its order is not in a state the plan's edges start from (already settled), and
    /// <see cref="RefundSettleOutcome.OrderMissing"/> when its order row is gone (a sandbox reset); in both cases
    /// nothing is written.</summary>
    Task<RefundSettleOutcome> SettleAsync(long refundId, long nowMs, Func<RefundSettling, RefundSettlementPlan> settle,
        CancellationToken cancellationToken);

    /// <summary>Counts one failed settlement of a pending refund and records <paramref name="failure"/> (an outcome or
    /// exception type name); <paramref name="retry"/> maps the new failure count to the next attempt's time, or null
    /// to park the refund. Null when the refund is no longer pending.</summary>
    Task<RefundFailure?> RecordSettleFailureAsync(long refundId, string failure, long nowMs, Func<int, long?> retry,
        CancellationToken cancellationToken);

    /// <summary>Sandbox: the next refund accepted on the order is rejected when it settles. False: no such order.</summary>
    Task<bool> RejectNextRefundAsync(long merchantId, long prepayId, CancellationToken cancellationToken);
}

public enum RefundSettleOutcome
{
    Settled,

    /// <summary>Nothing to do: the refund is no longer pending or the table refuses the edge.</summary>
    NotSettled,

    /// <summary>The refund's order row does not exist any more; settling can never succeed.</summary>
    OrderMissing,
}

/// <summary>A failed settlement as recorded: how many so far and whether the refund is now parked.</summary>
public sealed record RefundFailure(int Failures, bool Parked);

/// <summary>How a refund request ended; <see cref="Order"/> is set when the order was found.</summary>
public sealed record RefundAttempt(RefundOutcome Outcome, Refund? Refund, Order? Order);

public enum RefundOutcome
{
    Accepted,

    /// <summary>The refundRequestId was seen before with the same fields: <see cref="RefundAttempt.Refund"/> is it.</summary>
    Duplicate,

    /// <summary>The refundRequestId was seen before with other fields.</summary>
    DifferentRequest,

    OrderNotFound,
    OrderNotRefundable,
    TooManyAttempts,
    AmountExceedsRemaining,
    MerchantBalanceTooLow,
}
