using System.Globalization;
using System.Text.Json;
using Citrine.Application.Webhooks;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Payouts;
using Citrine.Contracts.Wallets;
using Citrine.Domain.Ledger;
using Citrine.Domain.Payouts;

namespace Citrine.Application.Payouts;

/// <summary>What the payout store read under the batch's row lock before changing a line: the batch, the line and
/// the sandbox buyer its receiver names (null: nobody the merchant may pay).</summary>
public sealed record PayoutSettling(PayoutBatch Batch, PayoutLine Line, PayoutReceiver? Receiver);

/// <summary>What changing a line writes: its edge, the journal (none for an invitation), the payee, the reason of a
/// failure, the end of an invitation's receipt window and the line's own webhook (<c>PAYOUT_NON_BN</c>).</summary>
public sealed record PayoutLinePlan(PayoutLineEvent Event, PayoutLineStatus To, Journal? Journal,
    PayoutReceiver? Payee = null, string? FailReason = null, long? ExpiresAtMs = null,
    OutboxEvent? Notification = null);

/// <summary>
/// The payout rules applied to what the store read (docs/compatibility.md#payouts): the store locks, reads, calls
/// these and writes the answer with conditional updates whose statuses come from <see cref="PayoutLifecycle"/>.
/// </summary>
public static class PayoutPlans
{
    /// <summary>Why a line failed, in the query's and the log's words.</summary>
    public const string ReceiverNotFound = "RECEIVER_NOT_FOUND";

    public const string ReceiverFrozen = "RECEIVER_FROZEN";

    /// <summary>A PROCESSING line: paid to the buyer its receiver names; failed when that buyer is frozen, or when
    /// nobody has the Binance ID, Pay ID or phone; an e-mail that is nobody's is invited and awaits receipt until the
    /// window of <see cref="PayoutLifecycle.ReceiptWindowMs"/> ends on the merchant's sandbox clock.</summary>
    public static PayoutLinePlan Process(PayoutSettling found, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(found);
        var line = found.Line;
        return found.Receiver switch
        {
            { Usable: true, Frozen: false } receiver => new PayoutLinePlan(PayoutLineEvent.Pay,
                PayoutLineStatus.Success, Pay(line, receiver.BuyerId), receiver),
            { Usable: true, Frozen: true } => new PayoutLinePlan(PayoutLineEvent.Reject, PayoutLineStatus.Fail,
                Return(line), FailReason: ReceiverFrozen),
            _ when line.ReceiveType == PayoutNames.Email => new PayoutLinePlan(PayoutLineEvent.Invite,
                PayoutLineStatus.AwaitingReceipt, null, ExpiresAtMs: nowMs + PayoutLifecycle.ReceiptWindowMs),
            _ => new PayoutLinePlan(PayoutLineEvent.Reject, PayoutLineStatus.Fail, Return(line),
                FailReason: ReceiverNotFound),
        };
    }

    /// <summary>An awaiting e-mail line received by <paramref name="receiver"/> (the sandbox's "invitee
    /// registered"): paid to it, with <c>PAYOUT_NON_BN</c> SUCCESS.</summary>
    public static PayoutLinePlan Receive(PayoutSettling found, PayoutReceiver receiver, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(receiver);
        return new PayoutLinePlan(PayoutLineEvent.Receive, PayoutLineStatus.Success,
            Pay(found.Line, receiver.BuyerId), receiver,
            Notification: NonBinance(found, PayoutLineEvent.Receive, PayoutLineStatus.Success, nowMs));
    }

    /// <summary>An awaiting e-mail line whose window ended: the amount back to the merchant, with
    /// <c>PAYOUT_NON_BN</c> REFUNDED.</summary>
    public static PayoutLinePlan Expire(PayoutSettling found, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(found);
        return new PayoutLinePlan(PayoutLineEvent.Expire, PayoutLineStatus.Refunded, Return(found.Line),
            Notification: NonBinance(found, PayoutLineEvent.Expire, PayoutLineStatus.Refunded, nowMs));
    }

    /// <summary>The batch's <c>PAYOUT</c> webhook once it is final: the batch without its lines.</summary>
    public static OutboxEvent Finished(PayoutBatch batch, PayoutBatchStatus status, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var data = new PayoutNotificationData
        {
            RequestId = batch.RequestId,
            BatchStatus = status.WireName(),
            MerchantId = batch.MerchantId,
            Currency = batch.Currency,
            TotalAmount = Amounts.FromUnits(batch.TotalUnits),
            TotalNumber = batch.TotalNumber,
        };
        return new OutboxEvent(batch.MerchantId, StreamKey(batch.BatchId), PayoutNames.BizTypePayout, batch.BatchId,
            PayoutLifecycle.Batch.BizStatus(PayoutBatchEvent.Finish, status)!,
            JsonSerializer.Serialize(data, WireJson.Options), batch.WebhookUrl, nowMs);
    }

    /// <summary>The outbox stream of a batch: its e-mail lines' webhooks and its own go out in order.</summary>
    public static string StreamKey(long batchId) =>
        string.Create(CultureInfo.InvariantCulture, $"payout:{batchId}");

    public static MerchantWalletKind Wallet(string transferMethod) =>
        transferMethod == WalletNames.SpotWallet ? MerchantWalletKind.Spot : MerchantWalletKind.Funding;

    private static Journal Pay(PayoutLine line, long buyerId) => PayoutJournals.Pay(line.MerchantId, line.LineId,
        Wallet(line.TransferMethod), line.Currency, line.AmountUnits, buyerId);

    private static Journal Return(PayoutLine line) => PayoutJournals.Return(line.MerchantId, line.LineId,
        Wallet(line.TransferMethod), line.Currency, line.AmountUnits);

    private static OutboxEvent NonBinance(PayoutSettling found, PayoutLineEvent what, PayoutLineStatus to, long nowMs)
    {
        var (batch, line) = (found.Batch, found.Line);
        var status = PayoutLifecycle.Line.BizStatus(what, to)!;
        var data = new PayoutNonBinanceNotificationData
        {
            MerchantSendId = line.MerchantSendId,
            OrderId = line.LineId.ToString(CultureInfo.InvariantCulture),
            BatchId = batch.BatchId.ToString(CultureInfo.InvariantCulture),
            Status = status,
            Currency = batch.Currency,
            Amount = Amounts.FromUnits(line.AmountUnits),
            ReceiveType = line.ReceiveType,
            Receiver = line.Receiver,
        };
        return new OutboxEvent(batch.MerchantId, StreamKey(batch.BatchId), PayoutNames.BizTypePayoutNonBinance,
            batch.BatchId, status, JsonSerializer.Serialize(data, WireJson.Options), batch.WebhookUrl, nowMs);
    }
}
