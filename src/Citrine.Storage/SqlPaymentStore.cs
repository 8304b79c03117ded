using Citrine.Application.Orders;
using Citrine.Application.Payments;
using Citrine.Application.Webhooks;
using Citrine.Domain.Ledger;
using Citrine.Domain.Orders;

namespace Citrine.Storage;

/// <summary>
/// Payments: one transaction holds the order's conditional <see cref="OrderEvent.Pay"/> update (its statuses from
/// <see cref="OrderLifecycle.Table"/>), the payment journal and its balance
/// changes, and the <c>PAY_SUCCESS</c> outbox row. A refused debit throws inside the transaction so that the order
/// update is rolled back with it.
/// </summary>
public sealed class SqlPaymentStore(Database database) : IPaymentStore
{
    private static readonly string PaySql =
        $"""
        UPDATE orders SET status = {SqlOrderStore.Target(OrderEvent.Pay)}, transact_time_ms = @now,
            transaction_id = @tx, open_user_id = @openUser, payer_id = @payer, payment_info_json = @info, commission_units = @fee
        WHERE prepay_id = @p AND status IN ({SqlOrderStore.Sources(OrderEvent.Pay)}) AND expire_time_ms > @now
        """;

    public async Task<PayOutcome> TryPayAsync(Order paidOrder, Journal journal, OutboxEvent paidEvent, long nowMs,
        CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async (c, ct) =>
            {
                var updated = await c.ExecuteAsync(PaySql, ct, ("@p", paidOrder.PrepayId), ("@now", nowMs),
                    ("@tx", paidOrder.TransactionId),
                    ("@openUser", paidOrder.OpenUserId), ("@payer", paidOrder.PayerId),
                    ("@info", paidOrder.PaymentInfoJson), ("@fee", paidOrder.CommissionUnits)).ConfigureAwait(false);
                if (updated != 1)
                {
                    return PayOutcome.OrderNotPayable;
                }

                var posted = await LedgerSql.PostAsync(c, journal, paidOrder.PrepayId, nowMs, null, ct)
                    .ConfigureAwait(false);
                if (posted != PostOutcome.Posted)
                {
                    throw new LedgerRefusedException(posted);
                }

                await OutboxSql.InsertAsync(c, paidEvent, ct).ConfigureAwait(false);
                return PayOutcome.Paid;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRefusedException)
        {
            return PayOutcome.InsufficientFunds;
        }
    }
}
