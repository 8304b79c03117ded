using System.Text.Json;
using Citrine.Client.Http;
using Citrine.Contracts.Orders;

namespace Citrine.Client.Sandbox;

/// <summary>
/// Citrine-only test helpers under <c>/sandbox</c>; they are <b>not part of Binance Pay</b> and fail against Binance.
/// They let a test pay an order as a sandbox buyer, expire an order now, move the server's sandbox clock and reset a
/// merchant's sandbox data. Calls are signed with the merchant's key like the merchant API. Reach it through
/// <see cref="CitrineClient.Sandbox"/>. Answers are returned as the envelope's raw <c>data</c>: their shape is
/// Citrine's, documented with the server.
/// </summary>
public class SandboxClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal SandboxClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected SandboxClient()
    {
    }

    /// <summary>Pays an order as a sandbox buyer (<c>POST /sandbox/orders/pay</c>); a <c>PAY_SUCCESS</c> webhook
    /// follows.</summary>
    /// <exception cref="CitrineApiException">For example the buyer's wallet cannot cover the order.</exception>
    public virtual async Task<JsonElement> PayOrderAsync(SandboxPayRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.PayOrder, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Expires an open order now (<c>POST /sandbox/orders/expire</c>); a <c>PAY_CLOSED</c> webhook
    /// follows.</summary>
    /// <exception cref="CitrineApiException">For example the order is not open.</exception>
    public virtual async Task<JsonElement> ExpireOrderAsync(OrderLookupRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ExpireOrder, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The calling merchant's sandbox clock (<c>POST /sandbox/clock</c>): <c>{merchantId, nowMs, offsetMs,
    /// serverOffsetMs, merchantOffsetMs}</c>.</summary>
    public virtual async Task<JsonElement> GetClockAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.Clock, new Dictionary<string, string>(),
            RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Moves the calling merchant's own sandbox clock forward (<c>POST /sandbox/clock/advance</c>), so that
    /// its expiries and webhook retries happen without waiting; other merchants' clocks do not move.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public virtual async Task<JsonElement> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var body = new Dictionary<string, long>
        {
            ["advanceMs"] = (long)by.TotalMilliseconds,
        };
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.AdvanceClock, body, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Creates a sandbox buyer that only the calling merchant may use (<c>POST /sandbox/buyers</c>); the
    /// answer carries its <c>buyerId</c>, <c>binanceId</c>, <c>payId</c>, <c>email</c> and phone.</summary>
    /// <exception cref="CitrineApiException">For example a chosen <c>binanceId</c> another buyer has.</exception>
    public virtual async Task<JsonElement> CreateBuyerAsync(SandboxBuyerRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.CreateBuyer, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The sandbox buyers the calling merchant may use, its own and the shared ones
    /// (<c>POST /sandbox/buyers/list</c>).</summary>
    public virtual async Task<JsonElement> ListBuyersAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ListBuyers, new Dictionary<string, string>(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Deletes the calling merchant's sandbox data (<c>POST /sandbox/reset</c>).</summary>
    public virtual async Task<JsonElement> ResetAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.Reset, new Dictionary<string, string>(), RetryKind.Unkeyed, cancellationToken)
            .ConfigureAwait(false)).Value;
    }

    /// <summary>Arms a fault on the calling merchant's next requests or webhook deliveries
    /// (<c>POST /sandbox/faults/arm</c>), to test how an integration survives 429s, 5xx, stalls, dropped connections
    /// and duplicated, late or out-of-order webhooks; the answer is the rule with its <c>faultId</c>.</summary>
    /// <exception cref="CitrineApiException">For example a value out of range (400102) or too many armed rules
    /// (400001).</exception>
    public virtual async Task<JsonElement> ArmFaultAsync(SandboxFaultRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ArmFault, request, RetryKind.Unkeyed,
            cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The calling merchant's fault rules, armed and spent, with what each has left
    /// (<c>POST /sandbox/faults/list</c>).</summary>
    public virtual async Task<JsonElement> ListFaultsAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ListFaults, new Dictionary<string, string>(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>Deletes all the calling merchant's fault rules (<c>POST /sandbox/faults/clear</c>); repeating it is
    /// harmless.</summary>
    public virtual async Task<JsonElement> ClearFaultsAsync(CancellationToken cancellationToken = default)
    {
        return (await _pipeline.PostAsync<JsonElement>(SandboxPaths.ClearFaults, new Dictionary<string, string>(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value;
    }
}
