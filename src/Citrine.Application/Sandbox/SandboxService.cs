using System.Globalization;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Domain.Orders;

namespace Citrine.Application.Sandbox;

/// <summary>The sandbox helpers besides paying (which is <see cref="Payments.PayOrderHandler"/>): expire an order now,
/// read and advance the sandbox clock (a merchant's own or the server-wide one), reset a merchant's sandbox
/// data.</summary>
public sealed class SandboxService(ISandboxStore store, IOrderStore orders, OrderExpiry expiry, SandboxClock clock)
{
    /// <summary>Largest single clock advance: a year.</summary>
    public static readonly TimeSpan AdvanceMax = TimeSpan.FromDays(366);

    /// <summary>Reads the persisted offsets (server-wide and every merchant's) into this node's clock.</summary>
    public async Task RefreshClockAsync(CancellationToken cancellationToken)
    {
        clock.Observe(await store.ReadClockOffsetAsync(cancellationToken).ConfigureAwait(false));
        foreach (var (merchantId, offsetMs) in await store.ReadMerchantClockOffsetsAsync(cancellationToken)
                     .ConfigureAwait(false))
        {
            clock.ObserveMerchant(merchantId, offsetMs);
        }
    }

    /// <summary>Moves the merchant's own clock forward (<paramref name="merchantId"/>), or the server-wide clock of
    /// every merchant when it is null (the administrator).</summary>
    public async Task<Result<SandboxClockState>> AdvanceClockAsync(long? merchantId, long deltaMs,
        CancellationToken cancellationToken)
    {
        if (deltaMs < 0 || deltaMs > (long)AdvanceMax.TotalMilliseconds)
        {
            return Result<SandboxClockState>.Fail(ResultCodes.InvalidParamWrongValue, string.Create(
                CultureInfo.InvariantCulture,
                $"advanceMs: 0 to {(long)AdvanceMax.TotalMilliseconds}; the sandbox clock only moves forward"));
        }

        var advanced = merchantId is { } id
            ? await store.AdvanceMerchantClockAsync(id, deltaMs, cancellationToken).ConfigureAwait(false)
            : await store.AdvanceClockAsync(deltaMs, cancellationToken).ConfigureAwait(false);
        if (advanced is not { } offsetMs)
        {
            return Result<SandboxClockState>.Fail(ResultCodes.InvalidParamWrongValue, string.Create(
                CultureInfo.InvariantCulture,
                $"advanceMs: the sandbox clock runs at most {SandboxClock.OffsetMaxMs / 86_400_000} days ahead; reset is not possible, use a new merchant"));
        }

        if (merchantId is { } merchant)
        {
            clock.ObserveMerchant(merchant, offsetMs);
        }
        else
        {
            clock.Observe(offsetMs);
        }

        return Result<SandboxClockState>.Ok(
            await ClockStateAsync(merchantId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The merchant's clock (or the server-wide one for null), read from the database so that every node
    /// answers alike at once, not only after its next refresh.</summary>
    public async Task<SandboxClockState> ClockStateAsync(long? merchantId, CancellationToken cancellationToken)
    {
        clock.Observe(await store.ReadClockOffsetAsync(cancellationToken).ConfigureAwait(false));
        if (merchantId is not { } id)
        {
            return new SandboxClockState(null, clock.GetUtcNow().ToUnixTimeMilliseconds(), clock.OffsetMs,
                clock.OffsetMs, 0);
        }

        clock.ObserveMerchant(id, await store.ReadMerchantClockOffsetAsync(id, cancellationToken)
            .ConfigureAwait(false));
        var serverOffsetMs = clock.OffsetMs;
        var merchantOffsetMs = clock.MerchantOffsetMs(id);
        return new SandboxClockState(id, clock.Base.GetUtcNow().ToUnixTimeMilliseconds() + serverOffsetMs
            + merchantOffsetMs, serverOffsetMs + merchantOffsetMs, serverOffsetMs, merchantOffsetMs);
    }

    /// <summary>Expires an open order at once, as if its <c>expireTime</c> had come; 400204 when it is not
    /// open.</summary>
    public async Task<Result<Order>> ExpireNowAsync(Order order, CancellationToken cancellationToken)
    {
        var nowMs = clock.MerchantNowMs(order.MerchantId);
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
        var deleted = await store.ResetMerchantAsync(merchantId, clock.MerchantNowMs(merchantId), cancellationToken)
            .ConfigureAwait(false);
        return new SandboxReset(merchantId, deleted.Orders, deleted.Contracts, deleted.Events);
    }
}

/// <summary>The sandbox clock as the helpers report it: the merchant's (or, with no merchant, the server-wide) business
/// time and its offset from the wall clock, which is <see cref="ServerOffsetMs"/> + <see cref="MerchantOffsetMs"/>.</summary>
public sealed record SandboxClockState(long? MerchantId, long NowMs, long OffsetMs, long ServerOffsetMs,
    long MerchantOffsetMs);

/// <summary>What a reset deleted.</summary>
public sealed record SandboxReset(long MerchantId, int OrdersDeleted, int ContractsDeleted, int EventsDeleted);
