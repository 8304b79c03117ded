using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Domain.Orders;

namespace Citrine.Application.Sandbox;

/// <summary>The sandbox helpers besides paying (which is <see cref="Payments.PayOrderHandler"/>): expire an order now,
/// read and advance the sandbox clock, reset a merchant's sandbox data.</summary>
public sealed class SandboxService(ISandboxStore store, IOrderStore orders, OrderExpiry expiry, SandboxClock clock)
{
    /// <summary>Largest single clock advance: a year.</summary>
    public static readonly TimeSpan AdvanceMax = TimeSpan.FromDays(366);

    /// <summary>Reads the persisted offset into this node's clock.</summary>
    public async Task RefreshClockAsync(CancellationToken cancellationToken) =>
        clock.Observe(await store.ReadClockOffsetAsync(cancellationToken).ConfigureAwait(false));

    public async Task<Result<SandboxClockState>> AdvanceClockAsync(long deltaMs, CancellationToken cancellationToken)
    {
        if (deltaMs < 0 || deltaMs > (long)AdvanceMax.TotalMilliseconds)
        {
            return Result<SandboxClockState>.Fail(ResultCodes.InvalidParamWrongValue, string.Create(
                CultureInfo.InvariantCulture,
                $"advanceMs: 0 to {(long)AdvanceMax.TotalMilliseconds}; the sandbox clock only moves forward"));
        }

        clock.Observe(await store.AdvanceClockAsync(deltaMs, cancellationToken).ConfigureAwait(false));
        return Result<SandboxClockState>.Ok(ClockState());
    }

    public SandboxClockState ClockState() =>
        new(clock.GetUtcNow().ToUnixTimeMilliseconds(), clock.OffsetMs);

    /// <summary>Expires an open order at once, as if its <c>expireTime</c> had come; 400204 when it is not
    /// open.</summary>
    public async Task<Result<Order>> ExpireNowAsync(Order order, CancellationToken cancellationToken)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (OrderLifecycle.Table.Allows(order.Status, OrderEvent.Expire))
        {
            var expired = order with { ExpireTimeMs = Math.Min(order.ExpireTimeMs, nowMs) };
            if (await store.TryExpireNowAsync(order.PrepayId, nowMs, OrderNotifications.Closed(expired, nowMs),
                    cancellationToken).ConfigureAwait(false))
            {
                return Result<Order>.Ok(expired with
                {
                    Status = OrderLifecycle.Table.Target(OrderEvent.Expire),
                    TransactTimeMs = nowMs,
                });
            }
        }

        var current = await orders.GetAsync(order.PrepayId, cancellationToken).ConfigureAwait(false) ?? order;
        current = await expiry.ExpireIfOverdueAsync(current, cancellationToken).ConfigureAwait(false);
        return Result<Order>.Fail(ResultCodes.InvalidOrderStatus,
            $"order is {current.Status.WireName()}: only an open order can be expired");
    }

    public async Task<SandboxReset> ResetAsync(long merchantId, CancellationToken cancellationToken)
    {
        var (deletedOrders, deletedEvents) = await store.ResetMerchantAsync(merchantId,
            clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return new SandboxReset(merchantId, deletedOrders, deletedEvents);
    }
}

/// <summary>The sandbox clock as the helpers report it.</summary>
public sealed record SandboxClockState(long NowMs, long OffsetMs);

/// <summary>What a reset deleted.</summary>
public sealed record SandboxReset(long MerchantId, int OrdersDeleted, int EventsDeleted);
