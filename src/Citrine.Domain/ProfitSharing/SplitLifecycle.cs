using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.ProfitSharing;

/// <summary>A split's statuses; the wire gives them as numbers (<see cref="SplitLifecycle.WireCode(SplitStatus)"/>).</summary>
public enum SplitStatus
{
    Waiting,
    Processing,
    Finished,
}

/// <summary>What happens to a split: the processor starts on it, and it finishes once no line is PROCESSING.</summary>
public enum SplitEvent
{
    Start,
    Finish,
}

/// <summary>A split line's statuses, also those of a return.</summary>
public enum SplitLineStatus
{
    Processing,
    Success,
    Fail,
}

/// <summary>What happens to a line (or a return): paid, or failed (receiver no longer registered or frozen; for a
/// return, a receiver that no longer holds the amount).</summary>
public enum SplitLineEvent
{
    Pay,
    Reject,
}

/// <summary>
/// The profit-sharing lifecycles (docs/compatibility.md#profit-sharing): a split is WAITING (0) when accepted,
/// PROCESSING (1) once the processor takes its first line and FINISHED (2) once no line is PROCESSING. A line goes
/// PROCESSING (1) → SUCCESS (2) | FAIL (3); a return the same way.
/// </summary>
public static class SplitLifecycle
{
    public static readonly Lifecycle<SplitStatus, SplitEvent> Split = new(WireName,
        new(SplitStatus.Waiting, SplitEvent.Start, SplitStatus.Processing, null),
        new(SplitStatus.Processing, SplitEvent.Finish, SplitStatus.Finished, null));

    public static readonly Lifecycle<SplitLineStatus, SplitLineEvent> Line = new(WireName,
        new(SplitLineStatus.Processing, SplitLineEvent.Pay, SplitLineStatus.Success, null),
        new(SplitLineStatus.Processing, SplitLineEvent.Reject, SplitLineStatus.Fail, null));

    public static string WireName(this SplitStatus status) => status switch
    {
        SplitStatus.Waiting => "WAITING",
        SplitStatus.Processing => "PROCESSING",
        SplitStatus.Finished => "FINISHED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string WireName(this SplitLineStatus status) => status switch
    {
        SplitLineStatus.Processing => "PROCESSING",
        SplitLineStatus.Success => "SUCCESS",
        SplitLineStatus.Fail => "FAIL",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The number a split's status has on the wire (0 WAITING, 1 PROCESSING, 2 FINISHED).</summary>
    public static int WireCode(this SplitStatus status) => (int)status;

    /// <summary>The number a line's or return's status has on the wire (1 PROCESSING, 2 SUCCESS, 3 FAIL).</summary>
    public static int WireCode(this SplitLineStatus status) => (int)status + 1;

    public static SplitStatus ParseSplit(string name) =>
        Enum.GetValues<SplitStatus>().Single(s => s.WireName() == name);

    public static SplitLineStatus ParseLine(string name) =>
        Enum.GetValues<SplitLineStatus>().Single(s => s.WireName() == name);

    /// <summary>
    /// The most of a tagged order a refund may still take while <paramref name="splitUnits"/> of its net amount is
    /// split and not returned (docs/compatibility.md#profit-sharing): the order amount minus the split grossed up by
    /// the commission rate, rounded up, so the merchant's share of the refund never needs what went to receivers.
    /// With nothing split it is the whole amount.
    /// </summary>
    public static long RefundableAfterSplit(long amountUnits, long commissionUnits, long splitUnits)
    {
        if (splitUnits <= 0)
        {
            return amountUnits;
        }

        var net = amountUnits - commissionUnits;
        if (net <= 0)
        {
            return 0;
        }

        var grossed = ((Int128)splitUnits * amountUnits + net - 1) / net;
        return (long)Int128.Max(0, amountUnits - grossed);
    }
}
