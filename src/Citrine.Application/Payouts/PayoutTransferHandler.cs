using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Domain.Payouts;

namespace Citrine.Application.Payouts;

/// <summary>What a merchant asked Batch Payout to do (field rules already checked at the edge).</summary>
public sealed record PayoutCommand(long MerchantId, string RequestId, string BatchName, string Currency,
    long TotalUnits, int TotalNumber, string BizScene, string? WebhookUrl, IReadOnlyList<PayoutLineCommand> Lines);

/// <summary>One line of <see cref="PayoutCommand"/>; <see cref="MobileCode"/> only for a PHONE receiver.</summary>
public sealed record PayoutLineCommand(string MerchantSendId, string ReceiveType, string Receiver, string? MobileCode,
    long AmountUnits, string TransferMethod, string? Remark);

/// <summary>A batch and whether it answers a replay of its requestId.</summary>
public sealed record PayoutAnswer(PayoutBatch Batch, bool Replay);

/// <summary>A batch with the lines a query asked for.</summary>
public sealed record PayoutView(PayoutBatch Batch, IReadOnlyList<PayoutLine> Lines, long PaidUnits);

/// <summary>
/// Batch Payout and Payout Query (docs/api-reference.md#payouts). Acceptance reserves the whole batch at once (each
/// source wallet's share from available to freeze, one journal in the same transaction as the batch and its lines);
/// lines are paid later by <see cref="PayoutProcessor"/>. A refused batch stores nothing, so its requestId stays free.
/// A replay with the same body answers the stored batch under <c>000001</c>; another body under a used requestId is
/// <c>400001</c>, as for transfers (docs/compatibility.md#payouts).
/// </summary>
public sealed class PayoutTransferHandler(IPayoutStore store, TimeProvider time)
{
    private const int IdAttempts = 5;

    /// <summary>Line ids are the batch id plus the line's index, so a batch id leaves this many ids free after
    /// it.</summary>
    private const long LineIdSpan = 512;

    public async Task<Result<PayoutAnswer>> TransferAsync(PayoutCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var fingerprint = Fingerprint(command);
        var existing = await store.FindBatchAsync(command.MerchantId, command.RequestId, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return Replay(existing, fingerprint);
        }

        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var nowMs = time.MerchantNowMs(command.MerchantId);
            var batchId = Ids.NewPrepayId(nowMs) & ~(LineIdSpan - 1);
            var batch = new PayoutBatch(batchId, command.MerchantId, command.RequestId, fingerprint,
                command.BatchName, command.Currency, command.TotalUnits, command.TotalNumber, command.BizScene,
                command.WebhookUrl, PayoutBatchStatus.Accepted.WireName(), nowMs, null);
            var lines = command.Lines.Select((l, i) => new PayoutLine(batchId + i, batchId, command.MerchantId,
                command.Currency, i, l.MerchantSendId, l.ReceiveType, l.Receiver, l.MobileCode, l.AmountUnits,
                l.TransferMethod, l.Remark, PayoutLineStatus.Processing.WireName(), null, null, null, null, null))
                .ToList();
            var reserve = PayoutJournals.Reserve(command.MerchantId, batchId, command.Currency,
                lines.GroupBy(l => PayoutPlans.Wallet(l.TransferMethod))
                    .ToDictionary(g => g.Key, g => g.Sum(l => l.AmountUnits)));
            var outcome = await store.AcceptAsync(batch, lines, reserve, cancellationToken).ConfigureAwait(false);
            if (outcome.Accepted is { } accepted)
            {
                return Result<PayoutAnswer>.Ok(new PayoutAnswer(accepted, Replay: false));
            }

            if (outcome.Existing is { } raced)
            {
                return Replay(raced, fingerprint);
            }

            if (outcome.InsufficientFunds)
            {
                return Result<PayoutAnswer>.Fail(ResultCodes.AccountRemainingAmountNotEnough,
                    "totalAmount: the source wallet(s) hold less available " + command.Currency
                    + " than the batch pays out");
            }
        }

        throw new InvalidOperationException("No free payout batch id after several attempts.");
    }

    /// <summary>Query by requestId, the lines filtered by <paramref name="statuses"/> (null: all); unknown or another
    /// merchant's: <c>400202</c>.</summary>
    public async Task<Result<PayoutView>> QueryAsync(long merchantId, string requestId,
        IReadOnlyCollection<string>? statuses, CancellationToken cancellationToken)
    {
        var batch = await store.FindBatchAsync(merchantId, requestId, cancellationToken).ConfigureAwait(false);
        if (batch is null)
        {
            return Result<PayoutView>.Fail(ResultCodes.OrderNotFound,
                "requestId: no payout batch with this requestId");
        }

        var all = await store.LinesAsync(batch.BatchId, null, cancellationToken).ConfigureAwait(false);
        var paid = all.Where(l => l.Status == PayoutLineStatus.Success.WireName()).Sum(l => l.AmountUnits);
        var shown = statuses is null ? all : [.. all.Where(l => statuses.Contains(l.Status))];
        return Result<PayoutView>.Ok(new PayoutView(batch, shown, paid));
    }

    private static Result<PayoutAnswer> Replay(PayoutBatch stored, string fingerprint) =>
        stored.Fingerprint == fingerprint
            ? Result<PayoutAnswer>.Ok(new PayoutAnswer(stored, Replay: true))
            : Result<PayoutAnswer>.Fail(ResultCodes.InvalidRequest,
                "requestId: already used for a payout batch with other fields");

    /// <summary>What makes two requests the same batch: every stored field but the requestId, amounts in units
    /// (so <c>1.5</c> and <c>"1.50"</c> are the same).</summary>
    private static string Fingerprint(PayoutCommand command) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            command.BatchName,
            command.Currency,
            command.TotalUnits,
            command.TotalNumber,
            command.BizScene,
            command.WebhookUrl,
            Lines = command.Lines,
        }))));
}
