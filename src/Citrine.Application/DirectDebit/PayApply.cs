using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Application.Webhooks;
using Citrine.Domain.Ledger;

namespace Citrine.Application.DirectDebit;

/// <summary>A Payment (<c>pay/apply</c>, docs/api-reference.md#payment-apply) as the merchant sent it; amounts in units
/// of 1e-8.</summary>
public sealed record PayApplyCommand(long MerchantId, long? SubMerchantId, string MerchantRequestId, long ContractId,
    long AmountUnits, string? Currency, string ProductName, string? ProductType, string? ProductDetail,
    string? WebhookUrl)
{
    /// <summary>What a replay under the same merchantRequestId must repeat exactly.</summary>
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture,
        $"{ContractId}|{AmountUnits}|{Currency}|{SubMerchantId}|{ProductName}|{ProductType}|{ProductDetail}|{WebhookUrl}");
}

/// <summary>A committed pay/apply.</summary>
public sealed record DirectDebitPayment(long MerchantId, string MerchantRequestId, string Fingerprint, long ContractId,
    long PrepayId, long AmountUnits, long AppliedTimeMs);

/// <summary>What one debited contract turns into: the PAID order, its payment journal and its PAY_SUCCESS
/// event.</summary>
public sealed record ContractCharge(Order Order, Journal Journal, OutboxEvent PaidEvent);

/// <summary>How a pay/apply ended.</summary>
public enum PayApplyOutcome
{
    Applied,
    Duplicate,
    DifferentRequest,
    ContractNotFound,
    ContractNotSigned,
    OverLimit,
    CurrencyMismatch,
    InsufficientFunds,
}

public sealed record PayApplyAttempt(PayApplyOutcome Outcome, DirectDebitPayment? Payment, Contract? Contract);

/// <summary>A Payment Notification (<c>pay/notify</c>, docs/api-reference.md#payment-notification).</summary>
public sealed record PayNotifyCommand(long MerchantId, string MerchantRequestId, long ContractId,
    long EstimatedUnits, string Currency)
{
    public string Fingerprint => string.Create(CultureInfo.InvariantCulture,
        $"{ContractId}|{EstimatedUnits}|{Currency}");
}

public sealed record DirectDebitNotification(string MerchantRequestId, string Fingerprint, long OrderId,
    long TransactionTimeMs);

/// <summary>
/// Storage port for direct-debit payments. pay/apply is one transaction: the (merchant, merchantRequestId) row, the
/// contract's conditional debit, the order, the journal and the event commit together or not at all.
/// </summary>
public interface IDirectDebitPaymentStore
{
    Task<PayApplyAttempt> ApplyAsync(PayApplyCommand command, long nowMs, Func<Contract, ContractCharge> charge,
        CancellationToken cancellationToken);

    /// <summary>Whether the merchant's <paramref name="merchantRequestId"/> has a stored payment (a replay).</summary>
    Task<bool> IsAppliedAsync(long merchantId, string merchantRequestId, CancellationToken cancellationToken);

    /// <summary>Records a notification; returns the stored one (the existing one on a replay).</summary>
    Task<DirectDebitNotification> NotifyAsync(PayNotifyCommand command, DirectDebitNotification notification,
        CancellationToken cancellationToken);
}
