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

    Task<IReadOnlyList<long>> ListPendingAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Settles a pending refund as <paramref name="settle"/> plans; false when the refund or its order is
    /// not in a state the plan's edges start from (already settled), and then nothing is written.</summary>
    Task<bool> SettleAsync(long refundId, long nowMs, Func<RefundSettling, RefundSettlementPlan> settle,
        CancellationToken cancellationToken);

    /// <summary>Sandbox: the next refund accepted on the order is rejected when it settles. False: no such order.</summary>
    Task<bool> RejectNextRefundAsync(long merchantId, long prepayId, CancellationToken cancellationToken);
}

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
