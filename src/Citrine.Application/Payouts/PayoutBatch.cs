namespace Citrine.Application.Payouts;

/// <summary>A stored payout batch (docs/api-reference.md#payouts); amounts in units of 1e-8.</summary>
public sealed record PayoutBatch(long BatchId, long MerchantId, string RequestId, string Fingerprint, string BatchName,
    string Currency, long TotalUnits, int TotalNumber, string BizScene, string? WebhookUrl, string Status,
    long CreatedAtMs, long? FinishedAtMs);

/// <summary>A stored payout line; <see cref="LineId"/> is the wire's <c>orderId</c>, <see cref="Currency"/> the
/// batch's.</summary>
public sealed record PayoutLine(long LineId, long BatchId, long MerchantId, string Currency, int Seq, string MerchantSendId,
    string ReceiveType, string Receiver, string? MobileCode, long AmountUnits, string TransferMethod, string? Remark,
    string Status, long? PayeeBuyerId, long? PayeePayId, string? FailReason, long? ExpiresAtMs, long? SettledAtMs);

/// <summary>The sandbox buyer a receiver names, as the store found it: its Pay ID, whether the merchant may pay it
/// (its own or a shared buyer), and whether the sandbox froze its payouts.</summary>
public sealed record PayoutReceiver(long BuyerId, long PayId, bool Usable, bool Frozen);

/// <summary>How accepting a batch went: <see cref="Accepted"/>, the <see cref="Existing"/> batch of the requestId,
/// refused for lack of funds, or an id collision (try again with new ids).</summary>
public sealed record PayoutAcceptOutcome(PayoutBatch? Accepted, PayoutBatch? Existing, bool IdCollision)
{
    public bool InsufficientFunds => Accepted is null && Existing is null && !IdCollision;
}

/// <summary>A line claimed by one processor under a lease token.</summary>
public sealed record ClaimedPayoutLine(long LineId, long MerchantId, string LeaseToken);

public enum PayoutSettleOutcome
{
    Settled,

    /// <summary>Nothing written: the line is not in a state the plan's edge starts from, or the lease was lost.</summary>
    NotSettled,
}
