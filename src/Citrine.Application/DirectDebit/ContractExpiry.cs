namespace Citrine.Application.DirectDebit;

/// <summary>
/// Moves overdue contracts to EXPIRED (unsigned by <c>requestExpireTime</c>, or signed and past
/// <c>contractEndTime</c>) with their <c>CONTRACT_EXPIRED</c> webhook. Used by the sweeper and lazily by every
/// contract read, so no answer shows a contract alive after its deadline. Safe on several nodes: the conditional
/// update lets exactly one caller win, and only the winner writes the webhook.
/// </summary>
public sealed class ContractExpiry(IContractStore contracts, TimeProvider time)
{
    /// <summary>Largest batch one sweep handles.</summary>
    public const int SweepBatchMax = 200;

    /// <summary>Expires the contract if it is overdue; returns the contract as it now stands.</summary>
    public async Task<Contract> ExpireIfOverdueAsync(Contract contract, CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!contract.IsOverdue(nowMs))
        {
            return contract;
        }

        await contracts.TryExpireAsync(contract.PreContractId, nowMs, c => ContractNotifications.For(c, nowMs),
            cancellationToken).ConfigureAwait(false);
        return await contracts.GetAsync(contract.PreContractId, cancellationToken).ConfigureAwait(false) ?? contract;
    }

    /// <summary>One sweep: expires up to <see cref="SweepBatchMax"/> overdue contracts; returns how many it
    /// expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var overdue = await contracts.ListOverdueAsync(nowMs, SweepBatchMax, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var contract in overdue)
        {
            if (await contracts.TryExpireAsync(contract.PreContractId, nowMs, c => ContractNotifications.For(c, nowMs),
                    cancellationToken).ConfigureAwait(false))
            {
                expired++;
            }
        }

        return expired;
    }
}
