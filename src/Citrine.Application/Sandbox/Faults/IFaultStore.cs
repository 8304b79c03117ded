namespace Citrine.Application.Sandbox.Faults;

/// <summary>Storage port of the armed fault rules (table <c>sandbox_faults</c>), shared by every node.</summary>
public interface IFaultStore
{
    /// <summary>Stores the rule with <c>remaining = count</c> unless the merchant already has
    /// <paramref name="armedMax"/> rules with some left (decided in the write, so concurrent arms cannot pass the cap
    /// together); null when the cap refused it.</summary>
    Task<FaultRule?> ArmAsync(FaultRule rule, int armedMax, CancellationToken cancellationToken);

    /// <summary>The merchant's rules, armed and spent, oldest first.</summary>
    Task<IReadOnlyList<FaultRule>> ListAsync(long merchantId, CancellationToken cancellationToken);

    /// <summary>Deletes all the merchant's rules; returns how many.</summary>
    Task<int> ClearAsync(long merchantId, CancellationToken cancellationToken);

    /// <summary>Every rule of every merchant with some left (the node's snapshot).</summary>
    Task<IReadOnlyList<FaultRule>> ListArmedAsync(CancellationToken cancellationToken);

    /// <summary>Takes one of the rule's remaining uses: <c>UPDATE … SET remaining = remaining - 1 WHERE remaining &gt;
    /// 0</c>. Returns what is left after it, or null when none was left (another request took the last one, or the
    /// rule was cleared).</summary>
    Task<int?> TryConsumeAsync(long faultId, CancellationToken cancellationToken);
}
