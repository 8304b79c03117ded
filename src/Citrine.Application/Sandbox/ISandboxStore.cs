using Citrine.Application.Webhooks;

namespace Citrine.Application.Sandbox;

/// <summary>Storage port for the Citrine-only sandbox helpers.</summary>
public interface ISandboxStore
{
    /// <summary>The persisted sandbox clock offset.</summary>
    Task<long> ReadClockOffsetAsync(CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="deltaMs"/> (≥ 0) to the persisted offset and returns the new offset.</summary>
    Task<long> AdvanceClockAsync(long deltaMs, CancellationToken cancellationToken);

    /// <summary>The order's Expire edge now (the expiry time becomes now), with its <c>PAY_CLOSED</c>
    /// event.</summary>
    Task<bool> TryExpireNowAsync(long prepayId, long nowMs, OutboxEvent closedEvent,
        CancellationToken cancellationToken);

    /// <summary>Deletes a merchant's orders and webhook events; returns (orders, events) deleted.</summary>
    Task<(int Orders, int Events)> ResetMerchantAsync(long merchantId, long nowMs, CancellationToken cancellationToken);
}
