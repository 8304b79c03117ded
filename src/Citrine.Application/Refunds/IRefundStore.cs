using Citrine.Application.Orders;
using Citrine.Application.Webhooks;

namespace Citrine.Application.Refunds;

/// <summary>
/// Storage port for refunds. Accepting one is a single transaction: the order's conditional refund update (the
/// database decides the 10-attempt limit and the remaining amount), the hold journal that takes the merchant's
/// share, and the refund row under its unique (merchant, refundRequestId). Settling one is another: the refund's
/// PENDING → SUCCESS/FAIL update, the refund or release journal, the order's status and the <c>PAY_REFUND</c> event.
/// </summary>
public interface IRefundStore
{
    Task<RefundAttempt> RequestAsync(RefundRequest request, long nowMs, CancellationToken cancellationToken);

    Task<Refund?> FindAsync(long merchantId, string refundRequestId, CancellationToken cancellationToken);

    Task<IReadOnlyList<long>> ListPendingAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Settles a pending refund; false when it was already settled.</summary>
    Task<bool> SettleAsync(long refundId, long nowMs, Func<Order, Refund, OutboxEvent> notification,
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
