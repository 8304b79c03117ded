using Citrine.Domain.Lifecycles;

namespace Citrine.Domain.Payouts;

/// <summary>A payout batch's statuses as Binance names them (CANCELED is documented but never entered here).</summary>
public enum PayoutBatchStatus
{
    Accepted,
    Processing,
    Success,
    PartSuccess,
    Failed,
}

/// <summary>What happens to a batch: the processor starts on it, and it finishes once every line is final.</summary>
public enum PayoutBatchEvent
{
    Start,
    Finish,
}

/// <summary>A payout line's statuses.</summary>
public enum PayoutLineStatus
{
    Processing,
    Success,
    Fail,
    AwaitingReceipt,
    Refunded,
}

/// <summary>What happens to a line: paid to a Binance user, failed (no such receiver, receiver frozen), an
/// invitation sent to an e-mail that is nobody's yet, the invitee receiving it, or the invitation expiring.</summary>
public enum PayoutLineEvent
{
    Pay,
    Reject,
    Invite,
    Receive,
    Expire,
}

/// <summary>
/// The payout lifecycles (docs/compatibility.md#payouts): a batch is ACCEPTED, PROCESSING once the processor takes its
/// first line, and final (SUCCESS, PART_SUCCESS or FAILED, with the batch's <c>PAYOUT</c> webhook) once no line is
/// PROCESSING or AWAITING_RECEIPT. A line goes PROCESSING → SUCCESS | FAIL | AWAITING_RECEIPT, and an awaiting e-mail
/// line → SUCCESS (received) | REFUNDED (expired), each with its <c>PAYOUT_NON_BN</c> webhook.
/// </summary>
public static class PayoutLifecycle
{
    /// <summary>How long an invitation to a non-Binance e-mail waits, by the merchant's sandbox clock.</summary>
    public const long ReceiptWindowMs = 72L * 60 * 60 * 1000;

    public static readonly Lifecycle<PayoutBatchStatus, PayoutBatchEvent> Batch = new(WireName,
        new(PayoutBatchStatus.Accepted, PayoutBatchEvent.Start, PayoutBatchStatus.Processing, null),
        new(PayoutBatchStatus.Processing, PayoutBatchEvent.Finish, PayoutBatchStatus.Success, "SUCCESS"),
        new(PayoutBatchStatus.Processing, PayoutBatchEvent.Finish, PayoutBatchStatus.PartSuccess, "PART_SUCCESS"),
        new(PayoutBatchStatus.Processing, PayoutBatchEvent.Finish, PayoutBatchStatus.Failed, "FAILED"));

    public static readonly Lifecycle<PayoutLineStatus, PayoutLineEvent> Line = new(WireName,
        new(PayoutLineStatus.Processing, PayoutLineEvent.Pay, PayoutLineStatus.Success, null),
        new(PayoutLineStatus.Processing, PayoutLineEvent.Reject, PayoutLineStatus.Fail, null),
        new(PayoutLineStatus.Processing, PayoutLineEvent.Invite, PayoutLineStatus.AwaitingReceipt, null),
        new(PayoutLineStatus.AwaitingReceipt, PayoutLineEvent.Receive, PayoutLineStatus.Success, "SUCCESS"),
        new(PayoutLineStatus.AwaitingReceipt, PayoutLineEvent.Expire, PayoutLineStatus.Refunded, "REFUNDED"));

    /// <summary>Line statuses that still hold the line's amount frozen.</summary>
    public static IReadOnlyList<PayoutLineStatus> Open { get; } =
        [PayoutLineStatus.Processing, PayoutLineStatus.AwaitingReceipt];

    /// <summary>A batch's final status from its final lines: all paid SUCCESS, none paid FAILED, else
    /// PART_SUCCESS (some failed or were refunded after the receipt window).</summary>
    public static PayoutBatchStatus FinalStatus(int succeeded, int total)
    {
        var to = succeeded == total ? PayoutBatchStatus.Success
            : succeeded == 0 ? PayoutBatchStatus.Failed
            : PayoutBatchStatus.PartSuccess;
        return Batch.Allows(PayoutBatchStatus.Processing, PayoutBatchEvent.Finish, to) ? to
            : throw new InvalidOperationException($"A batch cannot finish as {to}.");
    }

    public static string WireName(this PayoutBatchStatus status) => status switch
    {
        PayoutBatchStatus.Accepted => "ACCEPTED",
        PayoutBatchStatus.Processing => "PROCESSING",
        PayoutBatchStatus.Success => "SUCCESS",
        PayoutBatchStatus.PartSuccess => "PART_SUCCESS",
        PayoutBatchStatus.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string WireName(this PayoutLineStatus status) => status switch
    {
        PayoutLineStatus.Processing => "PROCESSING",
        PayoutLineStatus.Success => "SUCCESS",
        PayoutLineStatus.Fail => "FAIL",
        PayoutLineStatus.AwaitingReceipt => "AWAITING_RECEIPT",
        PayoutLineStatus.Refunded => "REFUNDED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
