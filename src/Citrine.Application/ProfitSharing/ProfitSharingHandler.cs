using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Domain.ProfitSharing;

namespace Citrine.Application.ProfitSharing;

/// <summary>
/// The six profit-sharing calls (docs/api-reference.md#profit-sharing). A receiver is a sandbox buyer named by its
/// Binance ID. A split is accepted at once (its total reserved in the merchant's FUNDING wallet, the order's split
/// amount raised by the database's conditional update) and paid line by line by <see cref="SplitProcessor"/>. A refused
/// split stores nothing. A replay with the same body answers the stored split under <c>000001</c>; another body under
/// a used merchantRequestId is <c>400001</c>; returns the same by merchantReturnNo (docs/compatibility.md#profit-sharing).
/// </summary>
public sealed class ProfitSharingHandler(ISplitStore store, TimeProvider time)
{
    private const int IdAttempts = 5;

    /// <summary>Detail ids are the split id plus the line's index, so a split id leaves this many ids free after it.</summary>
    private const long LineIdSpan = 128;

    public async Task<Result<string>> AddReceiverAsync(long merchantId, string account,
        CancellationToken cancellationToken) =>
        await store.AddReceiverAsync(merchantId, account, time.MerchantNowMs(merchantId), cancellationToken)
                .ConfigureAwait(false) == ReceiverAddOutcome.NoSuchBuyer
            ? Result<string>.Fail(ResultCodes.InvalidParamWrongValue,
                "account: no Binance user with this Binance ID that this merchant may pay, and no merchant accepting splits with this id")
            : Result<string>.Ok(account);

    public Task<ReceiverPage> ListReceiversAsync(long merchantId, int pageNum, int pageSize,
        CancellationToken cancellationToken) => store.ListReceiversAsync(merchantId, pageNum, pageSize, cancellationToken);

    public async Task<Result<string>> DeleteReceiverAsync(long merchantId, string account,
        CancellationToken cancellationToken) =>
        await store.DeleteReceiverAsync(merchantId, account, cancellationToken).ConfigureAwait(false)
            ? Result<string>.Ok(account)
            : Result<string>.Fail(ResultCodes.InvalidParamWrongValue, "account: not a registered receiver");

    public async Task<Result<SplitView>> SubmitAsync(SplitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var fingerprint = Fingerprint(new { command.PrepayId, command.Lines });
        var existing = await store.FindSplitAsync(command.MerchantId, command.MerchantRequestId, null,
            cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return await ReplayAsync(existing, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        var currency = await store.SplittableCurrencyAsync(command.MerchantId, command.PrepayId, cancellationToken)
            .ConfigureAwait(false);
        if (currency is null)
        {
            return NotSplittable();
        }

        var total = command.Lines.Sum(l => l.AmountUnits);
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var nowMs = time.MerchantNowMs(command.MerchantId);
            var splitId = Ids.NewPrepayId(nowMs) & ~(LineIdSpan - 1);
            var split = new SplitOrder(splitId, command.MerchantId, command.MerchantRequestId, command.PrepayId,
                fingerprint, currency, total, SplitStatus.Waiting.WireName(), nowMs, null);
            var lines = command.Lines.Select((l, i) => new SplitLine(splitId + i, splitId, command.MerchantId, i,
                l.Account, l.AmountUnits, l.Description, l.WebhookUrl, SplitLineStatus.Processing.WireName(), null,
                null, 0, null)).ToList();
            var outcome = await store.SubmitAsync(split, lines,
                SplitJournals.Reserve(command.MerchantId, splitId, currency, total), cancellationToken)
                .ConfigureAwait(false);
            switch (outcome.Outcome)
            {
                case SplitSubmitOutcome.Accepted:
                    return Result<SplitView>.Ok(new SplitView(split, lines));
                case SplitSubmitOutcome.Existing:
                    return await ReplayAsync(outcome.Split!, fingerprint, cancellationToken).ConfigureAwait(false);
                case SplitSubmitOutcome.OrderNotSplittable:
                    return NotSplittable();
                case SplitSubmitOutcome.OverSplit:
                    return Result<SplitView>.Fail(ResultCodes.InvalidParamWrongValue,
                        "receiverList: the amounts exceed what the order can still split ("
                        + Amounts.FormatUnitsShort(outcome.RemainingUnits) + " " + currency + ")");
                case SplitSubmitOutcome.ReceiverNotRegistered:
                    return Result<SplitView>.Fail(ResultCodes.InvalidParamWrongValue,
                        $"receiverList[].account: '{outcome.Account}' is not a registered receiver");
                case SplitSubmitOutcome.InsufficientFunds:
                    return Result<SplitView>.Fail(ResultCodes.AccountRemainingAmountNotEnough,
                        "receiverList: the FUNDING wallet holds less available " + currency + " than the split");
                default:
                    continue;
            }
        }

        throw new InvalidOperationException("No free splitOrderNo after several attempts.");
    }

    /// <summary>Query by merchantRequestId and the order; unknown, another order's or another merchant's:
    /// <c>400202</c>.</summary>
    public async Task<Result<SplitView>> QueryAsync(long merchantId, string merchantRequestId, long prepayId,
        CancellationToken cancellationToken)
    {
        var split = await store.FindSplitAsync(merchantId, merchantRequestId, prepayId, cancellationToken)
            .ConfigureAwait(false);
        return split is null
            ? Result<SplitView>.Fail(ResultCodes.OrderNotFound,
                "merchantRequestId: no split with this merchantRequestId on this order")
            : Result<SplitView>.Ok(new SplitView(split,
                await store.LinesAsync(split.SplitId, cancellationToken).ConfigureAwait(false)));
    }

    public async Task<Result<SplitReturnView>> ReturnAsync(SplitReturnCommand command,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var fingerprint = Fingerprint(new
        {
            command.PrepayId,
            command.SplitId,
            command.MerchantRequestId,
            command.TransferOutAccount,
            command.AmountUnits,
            command.Description,
            command.WebhookUrl,
        });
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var existing = await store.FindReturnAsync(command.MerchantId, command.MerchantReturnNo,
                cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing.Fingerprint == fingerprint
                    ? Result<SplitReturnView>.Ok(new SplitReturnView(existing, Replay: true))
                    : Result<SplitReturnView>.Fail(ResultCodes.InvalidRequest,
                        "merchantReturnNo: already used for a return with other fields");
            }

            var nowMs = time.MerchantNowMs(command.MerchantId);
            var result = await store.ReturnAsync(command, Ids.NewPrepayId(nowMs), fingerprint, nowMs,
                cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case SplitReturnOutcome.Done:
                    return Result<SplitReturnView>.Ok(new SplitReturnView(result.Return!));
                case SplitReturnOutcome.SplitNotFound:
                    return Result<SplitReturnView>.Fail(ResultCodes.OrderNotFound,
                        "splitOrderNo/originMerchantRequestId: no such split on this order");
                case SplitReturnOutcome.NotAReceiver:
                    return Result<SplitReturnView>.Fail(ResultCodes.InvalidParamWrongValue,
                        "transferOutAccount: received nothing from this split");
                case SplitReturnOutcome.TooMuch:
                    return Result<SplitReturnView>.Fail(ResultCodes.InvalidParamWrongValue,
                        "returnAmount: more than the receiver still holds of this split ("
                        + Amounts.FormatUnitsShort(result.RemainingUnits) + ")");
                default:
                    continue; // Existing (a concurrent return with the same number) or an id collision: look again
            }
        }

        throw new InvalidOperationException("No free returnOrderNo after several attempts.");
    }

    private static Result<SplitView> NotSplittable() => Result<SplitView>.Fail(ResultCodes.SplitOrderInvalid,
        "prepayOrderId: no PAID order created with orderTags.ifProfitSharing has this id");

    private async Task<Result<SplitView>> ReplayAsync(SplitOrder stored, string fingerprint,
        CancellationToken cancellationToken) =>
        stored.Fingerprint == fingerprint
            ? Result<SplitView>.Ok(new SplitView(stored,
                await store.LinesAsync(stored.SplitId, cancellationToken).ConfigureAwait(false), Replay: true))
            : Result<SplitView>.Fail(ResultCodes.InvalidRequest,
                "merchantRequestId: already used for a split with other fields");

    private static string Fingerprint(object value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))));
}
