using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Contracts.DirectDebit;
using Citrine.Domain.DirectDebit;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>Maps a stored contract to its Query Contract answer (docs/api-reference.md#query-contract).</summary>
internal static class ContractResults
{
    public static QueryContractResult ToQueryResult(Contract contract) => new()
    {
        BizStatus = contract.Status.BizStatus(),
        MerchantContractCode = contract.MerchantContractCode,
        // The merchant learns the id from the webhook after signing (docs/api-reference.md#seed-pages); until then it
        // is not shown.
        ContractId = contract.Status == ContractStatus.Initial ? null : contract.ContractId,
        ServiceName = contract.ServiceName,
        OpenUserId = contract.OpenUserId,
        MerchantAccountNo = contract.MerchantAccountNo,
        SingleUpperLimit = Amounts.FromUnits(contract.SingleUpperLimitUnits),
        Currency = contract.Currency,
        ContractTerminationWay = contract.TerminationWay,
        ContractTerminationTime = contract.TerminationTimeMs,
    };
}
