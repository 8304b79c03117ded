using System.Globalization;
using Citrine.Application.Sandbox.Faults;
using Citrine.Contracts;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Faults;

/// <summary>
/// Applies the merchant's armed request fault, if one matches, to a request the ingress has admitted (authenticated
/// as that merchant, body and fields valid) and before its handler runs: so a merchant can only fault its own
/// traffic, and a STATUS or DROP fault has no side effect (the handler never runs). A STALL waits, then lets the
/// request through. Every faulted answer carries <see cref="Header"/> with the rule's id.
/// </summary>
internal static class RequestFaults
{
    /// <summary>Names the rule that faulted the request, so a client's log tells an injected fault from a real
    /// one.</summary>
    public const string Header = "X-Citrine-Fault";

    /// <summary>True when the fault answered (or dropped) the request, which must then go no further.</summary>
    public static async Task<bool> ApplyAsync(HttpContext context, FaultInjector faults, long merchantId)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith(FaultEndpoints.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false; // Arm, list and clear stay reachable whatever is armed.
        }

        var ct = context.RequestAborted;
        if (await faults.TakeRequestFaultAsync(merchantId, path, ct).ConfigureAwait(false) is not { } fault)
        {
            return false;
        }

        context.Response.Headers[Header] = fault.FaultId.ToString(CultureInfo.InvariantCulture);
        switch (fault.Kind)
        {
            case FaultKinds.Stall:
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(fault.DurationMs ?? 0), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return true; // The client gave up during the stall: the request is not processed.
                }

                return false;
            case FaultKinds.Drop:
                context.Abort();
                return true;
            default:
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                // Binance documents no code for these; 400000 is its code for a failure the caller did not cause
                // (docs/compatibility.md#fault-injection). The HTTP status is the armed one.
                await BinanceEnvelope.Fail(ResultCodes.UnknownError, string.Create(CultureInfo.InvariantCulture,
                        $"sandbox fault {fault.FaultId}: HTTP {fault.HttpStatus} armed with /sandbox/faults/arm"),
                    fault.HttpStatus).ExecuteAsync(context).ConfigureAwait(false);
                return true;
        }
    }
}
