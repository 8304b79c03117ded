using System.Data.Common;
using Citrine.Application.DirectDebit;
using Citrine.Domain.Orders;

namespace Citrine.Storage;

/// <summary>
/// Direct-debit payments. pay/apply first inserts its (merchant, merchantRequestId) row, so concurrent requests under
/// one id queue on that key and only one reaches the contract; then the contract's conditional debit, the order
/// created already paid (the status the Pay edge leads to), the journal and the PAY_SUCCESS row. Any refusal throws so the whole transaction rolls back.
/// </summary>
public sealed class SqlDirectDebitPaymentStore(Database database) : IDirectDebitPaymentStore
{
    private const string Columns =
        "merchant_id, merchant_request_id, fingerprint, contract_id, prepay_id, amount_units, applied_time_ms";

    public async Task<PayApplyAttempt> ApplyAsync(PayApplyCommand command, long nowMs,
        Func<Contract, ContractCharge> charge, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(command.MerchantId, command.MerchantRequestId, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return Replay(command, existing);
        }

        try
        {
            return await database.WriteAsync((c, ct) => ApplyAsync(c, command, nowMs, charge, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (PayApplyRolledBackException e) when (e.Outcome == PayApplyOutcome.Duplicate)
        {
            existing = await FindAsync(command.MerchantId, command.MerchantRequestId, cancellationToken)
                .ConfigureAwait(false);
            return Replay(command, existing!);
        }
        catch (PayApplyRolledBackException e)
        {
            return new PayApplyAttempt(e.Outcome, null, e.Contract);
        }
    }

    public async Task<DirectDebitNotification> NotifyAsync(PayNotifyCommand command,
        DirectDebitNotification notification, CancellationToken cancellationToken) =>
        await database.WriteAsync(async (c, ct) =>
        {
            await c.ExecuteAsync(
                """
                INSERT INTO direct_debit_notifications (merchant_id, merchant_request_id, fingerprint, order_id,
                    contract_id, estimated_units, currency, transaction_time_ms)
                VALUES (@m, @r, @f, @o, @c, @u, @cur, @t)
                ON CONFLICT DO NOTHING
                """, ct, ("@m", command.MerchantId), ("@r", command.MerchantRequestId),
                ("@f", notification.Fingerprint), ("@o", notification.OrderId), ("@c", command.ContractId),
                ("@u", command.EstimatedUnits), ("@cur", command.Currency), ("@t", notification.TransactionTimeMs))
                .ConfigureAwait(false);
            return (await c.QuerySingleAsync(
                """
                SELECT merchant_request_id, fingerprint, order_id, transaction_time_ms FROM direct_debit_notifications
                WHERE merchant_id = @m AND merchant_request_id = @r
                """, r => new DirectDebitNotification(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)),
                ct, ("@m", command.MerchantId), ("@r", command.MerchantRequestId)).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);

    public async Task<bool> IsAppliedAsync(long merchantId, string merchantRequestId,
        CancellationToken cancellationToken) =>
        await FindAsync(merchantId, merchantRequestId, cancellationToken).ConfigureAwait(false) is not null;

    private Task<DirectDebitPayment?> FindAsync(long merchantId, string merchantRequestId,
        CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => c.QuerySingleAsync(
            $"SELECT {Columns} FROM direct_debit_payments WHERE merchant_id = @m AND merchant_request_id = @r", Map,
            ct, ("@m", merchantId), ("@r", merchantRequestId)), cancellationToken);

    private static PayApplyAttempt Replay(PayApplyCommand command, DirectDebitPayment existing) =>
        existing.Fingerprint == command.Fingerprint
            ? new PayApplyAttempt(PayApplyOutcome.Duplicate, existing, null)
            : new PayApplyAttempt(PayApplyOutcome.DifferentRequest, existing, null);

    private static async Task<PayApplyAttempt> ApplyAsync(DbConnection c, PayApplyCommand command, long nowMs,
        Func<Contract, ContractCharge> charge, CancellationToken ct)
    {
        var claimed = await c.ExecuteAsync(
            """
            INSERT INTO direct_debit_payments (merchant_id, merchant_request_id, fingerprint, contract_id, prepay_id,
                amount_units, applied_time_ms)
            VALUES (@m, @r, @f, @c, 0, @u, @t)
            ON CONFLICT DO NOTHING
            """, ct, ("@m", command.MerchantId), ("@r", command.MerchantRequestId), ("@f", command.Fingerprint),
            ("@c", command.ContractId), ("@u", command.AmountUnits), ("@t", nowMs)).ConfigureAwait(false);
        if (claimed != 1)
        {
            throw new PayApplyRolledBackException(PayApplyOutcome.Duplicate, null);
        }

        var contract = await SqlContractStore.TryDebitAsync(c, command.MerchantId, command.ContractId,
            command.AmountUnits, nowMs, ct).ConfigureAwait(false);
        if (contract is null)
        {
            throw await DiagnoseAsync(c, command, nowMs, ct).ConfigureAwait(false);
        }

        if (!PayApplyRules.CurrencyMatches(command, contract))
        {
            throw new PayApplyRolledBackException(PayApplyOutcome.CurrencyMismatch, contract);
        }

        var (order, journal, paidEvent) = charge(contract);
        await c.ExecuteAsync(
            $"""
            INSERT INTO orders ({SqlOrderStore.Columns}) VALUES (@prepay, @merchant, @sub, @tradeNo, @version,
                {SqlOrderStore.Target(OrderEvent.Pay)}, @currency, @amount, @terminal, @ptype, @pname, @pdetail,
                NULL, NULL, @webhook, NULL, NULL, NULL, NULL,
                @code, @expire, @create, @transact, @tx, @open, @payer, @info, @fee, 0, 0, 0)
            """, ct, ("@prepay", order.PrepayId), ("@merchant", order.MerchantId), ("@sub", order.SubMerchantId),
            ("@tradeNo", order.MerchantTradeNo), ("@version", (long)order.ApiVersion), ("@currency", order.Currency),
            ("@amount", order.AmountUnits), ("@terminal", order.TerminalType), ("@ptype", order.ProductType),
            ("@pname", order.ProductName), ("@pdetail", order.ProductDetail), ("@webhook", order.WebhookUrl),
            ("@code", order.CheckoutCode), ("@expire", order.ExpireTimeMs), ("@create", order.CreateTimeMs),
            ("@transact", order.TransactTimeMs), ("@tx", order.TransactionId), ("@open", order.OpenUserId),
            ("@payer", order.PayerId), ("@info", order.PaymentInfoJson), ("@fee", order.CommissionUnits))
            .ConfigureAwait(false);
        var posted = await LedgerSql.PostAsync(c, journal, order.PrepayId, nowMs, null, ct).ConfigureAwait(false);
        if (posted != PostOutcome.Posted)
        {
            throw new PayApplyRolledBackException(PayApplyOutcome.InsufficientFunds, contract);
        }

        await OutboxSql.InsertAsync(c, paidEvent, ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            "UPDATE direct_debit_payments SET prepay_id = @p WHERE merchant_id = @m AND merchant_request_id = @r", ct,
            ("@p", order.PrepayId), ("@m", command.MerchantId), ("@r", command.MerchantRequestId))
            .ConfigureAwait(false);
        return new PayApplyAttempt(PayApplyOutcome.Applied,
            new DirectDebitPayment(command.MerchantId, command.MerchantRequestId, command.Fingerprint,
                command.ContractId, order.PrepayId, command.AmountUnits, nowMs), contract);
    }

    /// <summary>Why the conditional debit matched nothing, read in the same transaction.</summary>
    private static async Task<PayApplyRolledBackException> DiagnoseAsync(DbConnection c, PayApplyCommand command,
        long nowMs, CancellationToken ct)
    {
        var contract = await c.QuerySingleAsync(
            $"SELECT {SqlContractStore.Columns} FROM direct_debit_contracts WHERE contract_id = @id AND merchant_id = @m",
            SqlContractStore.Map, ct, ("@id", command.ContractId), ("@m", command.MerchantId)).ConfigureAwait(false);
        return new PayApplyRolledBackException(PayApplyRules.WhyNotDebited(contract, nowMs), contract);
    }

    private static DirectDebitPayment Map(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2),
        r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6));
}

/// <summary>Thrown inside the pay/apply transaction to roll back everything it wrote.</summary>
internal sealed class PayApplyRolledBackException(PayApplyOutcome outcome, Contract? contract)
    : Exception(outcome.ToString())
{
    public PayApplyOutcome Outcome { get; } = outcome;
    public Contract? Contract { get; } = contract;
}
