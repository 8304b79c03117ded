using Citrine.Application.Sandbox;
using System.Globalization;
using Citrine.Contracts;
using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Payment Notification (<c>pay/notify</c>, docs/api-reference.md#payment-notification): the merchant announces a
/// coming debit of a SIGNED contract. Citrine checks and records it (idempotent per merchantRequestId) but does not
/// make pay/apply wait for the frozen period: the sandbox debits at once.
/// </summary>
public sealed class PayNotifyHandler(IContractStore contracts, IDirectDebitPaymentStore payments, TimeProvider time)
{
    public async Task<Result<DirectDebitNotification>> HandleAsync(PayNotifyCommand command,
        CancellationToken cancellationToken)
    {
        var nowMs = time.MerchantNowMs(command.MerchantId);
        var contract = await contracts.FindAsync(new ContractLookup(command.MerchantId, command.ContractId, null),
            cancellationToken).ConfigureAwait(false);
        if (contract is null)
        {
            return Result<DirectDebitNotification>.Fail(ResultCodes.DirectDebitContractNotFound,
                "bizId: no contract of this merchant has this contractId");
        }

        if (!ContractLifecycle.Table.Allows(contract.Status, ContractEvent.Debit) || contract.IsOverdue(nowMs))
        {
            var status = contract.IsOverdue(nowMs) ? ContractLifecycle.ContractExpired : contract.Status.BizStatus();
            return Result<DirectDebitNotification>.Fail(ResultCodes.DirectDebitContractNotSigned,
                $"bizId: contract is {status}: only a signed, unexpired contract can be debited");
        }

        if (command.Currency != contract.Currency)
        {
            return Result<DirectDebitNotification>.Fail(ResultCodes.InvalidParamWrongValue,
                $"currency: must be the contract currency {contract.Currency}");
        }

        if (command.EstimatedUnits > contract.SingleUpperLimitUnits)
        {
            return Result<DirectDebitNotification>.Fail(ResultCodes.InvalidParamWrongValue, string.Create(
                CultureInfo.InvariantCulture,
                $"estimatedAmount: exceeds the contract's singleUpperLimit {Amounts.FormatUnitsShort(contract.SingleUpperLimitUnits)}"));
        }

        var stored = await payments.NotifyAsync(command,
            new DirectDebitNotification(command.MerchantRequestId, command.Fingerprint, Ids.NewPrepayId(nowMs), nowMs),
            cancellationToken).ConfigureAwait(false);
        return stored.Fingerprint == command.Fingerprint
            ? Result<DirectDebitNotification>.Ok(stored)
            : Result<DirectDebitNotification>.Fail(ResultCodes.InvalidRequest,
                "merchantRequestId: already used for a notification with another bizId, estimatedAmount or currency");
    }
}
