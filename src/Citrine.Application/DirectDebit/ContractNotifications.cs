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

    /// <summary>The event for <paramref name="contract"/>'s current status (SIGNED, TERMINATED or EXPIRED).</summary>
    public static OutboxEvent For(Contract contract, long nowMs)
    {
        var bizStatus = contract.Status switch
        {
            ContractStatus.Signed => WebhookNames.ContractSigned,
            ContractStatus.Terminated => WebhookNames.ContractTerminated,
            ContractStatus.Expired => WebhookNames.ContractExpired,
            _ => throw new InvalidOperationException($"No webhook for a contract in {contract.Status}."),
        };
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
