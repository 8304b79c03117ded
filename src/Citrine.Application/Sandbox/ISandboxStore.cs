using Citrine.Application.Webhooks;

namespace Citrine.Application.Sandbox;

/// <summary>Storage port for the Citrine-only sandbox helpers.</summary>
public interface ISandboxStore
{
    /// <summary>The persisted server-wide sandbox clock offset.</summary>
    Task<long> ReadClockOffsetAsync(CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="deltaMs"/> (≥ 0) to the persisted server-wide offset and returns the new
    /// offset, or null (nothing changed) when it would pass <see cref="SandboxClock.OffsetMaxMs"/>.</summary>
    Task<long?> AdvanceClockAsync(long deltaMs, CancellationToken cancellationToken);

    /// <summary>Every merchant's own persisted offset (merchants without one have 0 and are not listed).</summary>
    Task<IReadOnlyList<(long MerchantId, long OffsetMs)>> ReadMerchantClockOffsetsAsync(
        CancellationToken cancellationToken);

    /// <summary>The merchant's own persisted offset (0 when it never advanced).</summary>
    Task<long> ReadMerchantClockOffsetAsync(long merchantId, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="deltaMs"/> (≥ 0) to the merchant's own persisted offset and returns the new
    /// offset, or null (nothing changed) when it would pass <see cref="SandboxClock.OffsetMaxMs"/>.</summary>
    Task<long?> AdvanceMerchantClockAsync(long merchantId, long deltaMs, CancellationToken cancellationToken);

    /// <summary>The order's Expire edge now (the expiry time becomes now), with its <c>PAY_CLOSED</c>
    /// event.</summary>
    Task<bool> TryExpireNowAsync(long prepayId, long nowMs, OutboxEvent closedEvent,
        CancellationToken cancellationToken);

    /// <summary>Deletes everything of the merchant that a background loop could later touch (orders, refunds,
    /// contracts, direct-debit payments, webhook events); returns how many orders, contracts and events it deleted.</summary>
    Task<SandboxResetCounts> ResetMerchantAsync(long merchantId, long nowMs, CancellationToken cancellationToken);
}

/// <summary>What a reset deleted.</summary>
public sealed record SandboxResetCounts(int Orders, int Contracts, int Events);
