namespace Citrine.Application.Payouts;

/// <summary>
/// Storage port of batch payouts. Accepting a batch is one transaction: the batch row under its unique (merchant,
/// requestId), the reserve journal (available → freeze) and the lines. Each later change of a line is another: the
/// batch row is locked, the line and its receiver read, the given plan (<see cref="PayoutPlans"/>) decides, and the
/// line's conditional update, its journal, its webhook and, when it was the batch's last open line, the batch's
/// final status and <c>PAYOUT</c> webhook commit together.
/// </summary>
public interface IPayoutStore
{
    Task<PayoutAcceptOutcome> AcceptAsync(PayoutBatch batch, IReadOnlyList<PayoutLine> lines,
        Domain.Ledger.Journal reserve, CancellationToken cancellationToken);

    Task<PayoutBatch?> FindBatchAsync(long merchantId, string requestId, CancellationToken cancellationToken);

    /// <summary>The batch's lines in request order, only those in <paramref name="statuses"/> when given.</summary>
    Task<IReadOnlyList<PayoutLine>> LinesAsync(long batchId, IReadOnlyCollection<string>? statuses,
        CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="limit"/> PROCESSING lines whose lease has run out (server-wide clock);
    /// on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so nodes take different lines.</summary>
    Task<IReadOnlyList<ClaimedPayoutLine>> ClaimAsync(long nowMs, long leaseUntilMs, int limit,
        CancellationToken cancellationToken);

    /// <summary>AWAITING_RECEIPT lines whose receipt window has ended at <paramref name="nowMs"/> (server-wide) plus
    /// each merchant's own sandbox clock offset.</summary>
    Task<IReadOnlyList<(long LineId, long MerchantId)>> ListExpiredAsync(long nowMs, int limit,
        CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="plan"/> to the line (see the interface comment). With
    /// <paramref name="leaseToken"/> the line must still be leased by it.</summary>
    Task<PayoutSettleOutcome> SettleAsync(long lineId, string? leaseToken, long nowMs,
        Func<PayoutSettling, PayoutLinePlan> plan, Func<PayoutBatch, Domain.Payouts.PayoutBatchStatus, long,
            Webhooks.OutboxEvent> finished, CancellationToken cancellationToken);

    /// <summary>The line of the merchant's batch <paramref name="requestId"/> with <paramref name="merchantSendId"/>.</summary>
    Task<PayoutLine?> FindLineAsync(long merchantId, string requestId, string merchantSendId,
        CancellationToken cancellationToken);

    /// <summary>Sandbox: freezes or unfreezes a buyer as a payout receiver; false when the buyer does not exist or
    /// the merchant may not use it.</summary>
    Task<bool> SetReceiverFrozenAsync(long? merchantId, long buyerId, bool frozen, CancellationToken cancellationToken);

    /// <summary>A buyer by id as a receiver for <paramref name="merchantId"/>; null when there is none.</summary>
    Task<PayoutReceiver?> ReceiverByBuyerAsync(long merchantId, long buyerId, CancellationToken cancellationToken);
}
