using Citrine.Application.Orders;
using Citrine.Application.Webhooks;
using Citrine.Domain.Ledger;

namespace Citrine.Application.Payments;

/// <summary>
/// Storage port for payments: the order's INITIAL → PAID update (only while unexpired), the payment journal with its
/// balance changes, and the <c>PAY_SUCCESS</c> outbox event commit together or not at all.
/// </summary>
public interface IPaymentStore
{
    Task<PayOutcome> TryPayAsync(Order paidOrder, Journal journal, OutboxEvent paidEvent, long nowMs,
        CancellationToken cancellationToken);
}

/// <summary>How a payment attempt ended.</summary>
public enum PayOutcome
{
    Paid,

    /// <summary>The order was no longer INITIAL, or had expired: another transition won.</summary>
    OrderNotPayable,

    /// <summary>A wallet that may not go negative could not cover its debit; nothing was written.</summary>
    InsufficientFunds,
}
