using Citrine.Domain.DirectDebit;

namespace Citrine.Application.DirectDebit;

/// <summary>Expires overdue contracts (unsigned by <c>requestExpireTime</c>, or signed and past
/// <c>contractEndTime</c>) with their <c>CONTRACT_EXPIRED</c> webhook (see <see cref="Expiry{T}"/>).</summary>
public sealed class ContractExpiry(IContractStore contracts, TimeProvider time, IBackgroundFailureStore failures,
    CitrineOptions options) : Expiry<Contract>(time, failures, options)
{
    protected override string LoopName => BackgroundRetry.ContractExpiry;

    protected override long IdOf(Contract item) => item.PreContractId;

    protected override long MerchantOf(Contract item) => item.MerchantId;

    protected override bool IsOverdue(Contract item, long nowMs) => item.IsOverdue(nowMs);

    protected override Task<bool> TryExpireAsync(Contract item, long nowMs, CancellationToken cancellationToken) =>
        contracts.TryExpireAsync(item.PreContractId, nowMs, ContractNotifications.Of(ContractEvent.Expire, nowMs)!,
            cancellationToken);

    protected override Task<Contract?> ReloadAsync(Contract item, CancellationToken cancellationToken) =>
        contracts.GetAsync(item.PreContractId, cancellationToken);

    protected override Task<IReadOnlyList<Contract>> ListOverdueAsync(long nowMs, int limit,
        CancellationToken cancellationToken) =>
        contracts.ListOverdueAsync(nowMs, limit, cancellationToken);
}
