using Citrine.Application.Sandbox;
using System.Globalization;
using System.Text.Json;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Payments;
using Citrine.Application.Pricing;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Domain.DirectDebit;
using Citrine.Domain.Orders;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Payment (<c>pay/apply</c>, docs/api-reference.md#payment-apply): debits the signer of a SIGNED contract in the
/// contract currency, at once (Citrine has no processing step). The contract check is the store's conditional debit
/// inside the ledger transaction, so a termination committed first refuses the debit and one committed later finds it
/// done.
/// </summary>
public sealed class PayApplyHandler(IDirectDebitPaymentStore payments, CurrencyCatalog currencies,
    CitrineOptions options, TimeProvider time, IMerchantStore merchants, IContractStore contracts,
    PayerCountryRule countries)
{
    /// <summary><c>api_version</c> of orders created by pay/apply (no create-order API version).</summary>
    public const int DirectDebitApiVersion = 5;

    /// <summary>Prefix of the <c>merchantTradeNo</c> of such orders; create-order trade numbers are letters and
    /// digits only, so these can never collide with them.</summary>
    public const string TradeNoPrefix = "dd-";

    public async Task<Result<DirectDebitPayment>> HandleAsync(PayApplyCommand command,
        CancellationToken cancellationToken)
    {
        // Another merchant's sub-merchant is answered as an unknown one, as create order and create contract do
        // (issue 12, ownership gaps).
        if (command.SubMerchantId is { } subMerchantId && await merchants.GetSubMerchantAsync(command.MerchantId,
                subMerchantId, cancellationToken).ConfigureAwait(false) is not { Status: Merchant.Active })
        {
            return Result<DirectDebitPayment>.Fail(ResultCodes.SubMerchantInvalid,
                "subMerchantId: no such active sub-merchant under this merchant");
        }

        // The sub-merchant's blocked payer countries hold for a debit as for a payment (PayerCountryRule); a replay
        // answers what was stored, whatever the payer's profile says now.
        if (await BlockedCountryAsync(command, cancellationToken).ConfigureAwait(false) is { } blocked)
        {
            return Result<DirectDebitPayment>.Fail(ResultCodes.SandboxPayerCountryBlocked, blocked);
        }

        var nowMs = time.MerchantNowMs(command.MerchantId);
        var attempt = await payments.ApplyAsync(command, nowMs, c => Charge(command, c, nowMs), cancellationToken)
            .ConfigureAwait(false);
        return attempt.Outcome switch
        {
            PayApplyOutcome.Applied or PayApplyOutcome.Duplicate => Result<DirectDebitPayment>.Ok(attempt.Payment!),
            PayApplyOutcome.DifferentRequest => Result<DirectDebitPayment>.Fail(ResultCodes.InvalidRequest,
                "merchantRequestId: already used for a payment with another bizId, amount, currency or product"),
            PayApplyOutcome.ContractNotFound => Result<DirectDebitPayment>.Fail(
                ResultCodes.DirectDebitContractNotFound, "bizId: no contract of this merchant has this contractId"),
            PayApplyOutcome.ContractNotSigned => Result<DirectDebitPayment>.Fail(
                ResultCodes.DirectDebitContractNotSigned, $"bizId: contract is {StatusOf(attempt.Contract, nowMs)}: "
                                                          + "only a signed, unexpired contract can be debited"),
            PayApplyOutcome.OverLimit => Result<DirectDebitPayment>.Fail(ResultCodes.InvalidParamWrongValue,
                string.Create(CultureInfo.InvariantCulture,
                    $"amount: exceeds the contract's singleUpperLimit {Amounts.FormatUnitsShort(attempt.Contract!.SingleUpperLimitUnits)}")),
            PayApplyOutcome.CurrencyMismatch => Result<DirectDebitPayment>.Fail(ResultCodes.InvalidParamWrongValue,
                $"currency: must be the contract currency {attempt.Contract!.Currency}"),
            _ => Result<DirectDebitPayment>.Fail(ResultCodes.SandboxInsufficientBalance, string.Create(
                CultureInfo.InvariantCulture,
                $"buyer {attempt.Contract?.BuyerId}: wallet holds less than {Amounts.FormatUnitsShort(command.AmountUnits)} {attempt.Contract?.Currency}")),
        };
    }

    private async Task<string?> BlockedCountryAsync(PayApplyCommand command, CancellationToken cancellationToken)
    {
        if (await contracts.FindAsync(new ContractLookup(command.MerchantId, command.ContractId, null),
                cancellationToken).ConfigureAwait(false) is not { BuyerId: { } payer } contract)
        {
            return null;
        }

        var subMerchantId = command.SubMerchantId ?? contract.SubMerchantId;
        return await countries.BlockedCountryAsync(command.MerchantId, subMerchantId, payer, cancellationToken)
                .ConfigureAwait(false) is { } country
            && !await payments.IsAppliedAsync(command.MerchantId, command.MerchantRequestId, cancellationToken)
                .ConfigureAwait(false)
            ? string.Create(CultureInfo.InvariantCulture,
                $"bizId: sub-merchant {subMerchantId} blocks payers whose KYC country is {country}")
            : null;
    }

    private static string StatusOf(Contract? contract, long nowMs) =>
        contract is null ? "unknown"
        : contract.IsOverdue(nowMs) ? ContractLifecycle.ContractExpired
        : contract.Status.BizStatus();

    private ContractCharge Charge(PayApplyCommand command, Contract contract, long nowMs)
    {
        var buyerId = contract.BuyerId!.Value;
        var prepayId = Ids.NewPrepayId(nowMs);
        var order = new Order
        {
            PrepayId = prepayId,
            MerchantId = command.MerchantId,
            SubMerchantId = command.SubMerchantId ?? contract.SubMerchantId,
            MerchantTradeNo = TradeNoPrefix + command.MerchantRequestId,
            ApiVersion = DirectDebitApiVersion,
            Status = OrderStatus.Initial,
            Currency = contract.Currency,
            AmountUnits = command.AmountUnits,
            TerminalType = "OTHERS",
            ProductType = command.ProductType,
            ProductName = command.ProductName,
            ProductDetail = command.ProductDetail,
            WebhookUrl = command.WebhookUrl,
            CheckoutCode = Ids.NewCheckoutCode(nowMs),
            ExpireTimeMs = nowMs,
            CreateTimeMs = nowMs,
        };
        var quote = PaymentQuote.Create(order, contract.Currency, currencies, options.CommissionBasisPoints);
        var payerId = Ids.PayerId(buyerId, order.MerchantId);
        var paid = order with
        {
            Status = OrderStatus.Paid,
            TransactTimeMs = nowMs,
            TransactionId = Ids.NewTransactionId(nowMs),
            OpenUserId = contract.OpenUserId ?? Ids.OpenUserId(buyerId, order.MerchantId),
            PayerId = payerId,
            PaymentInfoJson = JsonSerializer.Serialize(quote.PaymentInfo(payerId), WireJson.Options),
            CommissionUnits = quote.CommissionUnits,
        };
        return new ContractCharge(paid, quote.Journal(order, buyerId), OrderNotifications.Paid(paid, nowMs));
    }
}
