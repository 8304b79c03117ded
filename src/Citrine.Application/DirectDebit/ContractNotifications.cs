using System.Globalization;
using System.Text.Json;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Webhooks;
using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>
/// Builds the <c>DIRECT_DEBIT_CT</c> webhooks (docs/api-reference.md#contract-notification) from the contract as it
/// stands after the transition; <c>bizId</c> is the contractId and the events of one contract share a stream, so they
/// arrive in order.
/// </summary>
public static class ContractNotifications
{
    public static string StreamKey(long contractId) =>
        string.Create(CultureInfo.InvariantCulture, $"contract:{contractId}");

    /// <summary>The webhook <see cref="ContractLifecycle.Table"/> gives <paramref name="contractEvent"/>, built from
    /// the contract after the move; null when that edge sends none.</summary>
    public static Func<Contract, OutboxEvent>? Of(ContractEvent contractEvent, long nowMs) =>
        ContractLifecycle.Table.BizStatus(contractEvent, ContractLifecycle.Table.Target(contractEvent)) is { } bizStatus
            ? c => Build(c, bizStatus, nowMs)
            : null;

    /// <summary>The event of the edge that led to <paramref name="contract"/>'s current status (SIGNED, TERMINATED by
    /// the buyer, or EXPIRED).</summary>
    public static OutboxEvent For(Contract contract, long nowMs) =>
        Build(contract, ContractLifecycle.Table.Transitions
            .FirstOrDefault(t => t.To == contract.Status && t.From != t.To && t.BizStatus is not null)?.BizStatus
            ?? throw new InvalidOperationException($"No webhook for a contract in {contract.Status}."), nowMs);

    private static OutboxEvent Build(Contract contract, string bizStatus, long nowMs)
    {
        var data = new ContractNotificationData
        {
            MerchantContractCode = contract.MerchantContractCode,
            ContractId = contract.ContractId,
            ServiceName = contract.ServiceName,
            OpenUserId = contract.OpenUserId,
            MerchantAccountNo = contract.MerchantAccountNo,
            SingleUpperLimit = Amounts.FromUnits(contract.SingleUpperLimitUnits),
            Currency = contract.Currency,
            ContractTerminationWay = contract.TerminationWay,
            ContractTerminationTime = contract.TerminationTimeMs,
        };
        return new OutboxEvent(contract.MerchantId, StreamKey(contract.ContractId),
            WebhookNames.BizTypeDirectDebitContract, contract.ContractId, bizStatus,
            JsonSerializer.Serialize(data, WireJson.Options), contract.WebhookUrl, nowMs);
    }
}
