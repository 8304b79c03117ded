using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Domain.Payouts;

namespace Citrine.Application.Payouts;

/// <summary>
/// Sandbox verbs of payouts (docs/sandbox.md#payouts): freeze a buyer as a receiver, so lines paying it fail, and
/// complete an awaiting e-mail line as if its invitee had registered, as a sandbox buyer the merchant may use.
/// </summary>
public sealed class PayoutSandbox(IPayoutStore store, TimeProvider time)
{
    public async Task<Result<bool>> FreezeReceiverAsync(long? merchantId, long buyerId, bool frozen,
        CancellationToken cancellationToken) =>
        await store.SetReceiverFrozenAsync(merchantId, buyerId, frozen, cancellationToken).ConfigureAwait(false)
            ? Result<bool>.Ok(frozen)
            : Result<bool>.Fail(ResultCodes.SandboxBuyerNotFound, "buyerId: no such buyer for this merchant");

    public async Task<Result<PayoutLine>> ReceiveAsync(long merchantId, string requestId, string merchantSendId,
        long buyerId, CancellationToken cancellationToken)
    {
        var line = await store.FindLineAsync(merchantId, requestId, merchantSendId, cancellationToken)
            .ConfigureAwait(false);
        if (line is null)
        {
            return Result<PayoutLine>.Fail(ResultCodes.OrderNotFound,
                "merchantSendId: no such line in a payout batch with this requestId");
        }

        var receiver = await store.ReceiverByBuyerAsync(merchantId, buyerId, cancellationToken).ConfigureAwait(false);
        if (receiver is not { Usable: true })
        {
            return Result<PayoutLine>.Fail(ResultCodes.SandboxBuyerNotFound, "buyerId: no such buyer for this merchant");
        }

        var nowMs = time.MerchantNowMs(merchantId);
        var outcome = await store.SettleAsync(line.LineId, null, nowMs, f => PayoutPlans.Receive(f, receiver, nowMs),
            PayoutPlans.Finished, cancellationToken).ConfigureAwait(false);
        if (outcome != PayoutSettleOutcome.Settled)
        {
            return Result<PayoutLine>.Fail(ResultCodes.InvalidRequest,
                $"merchantSendId: the line is {line.Status}, not {PayoutLineStatus.AwaitingReceipt.WireName()}");
        }

        return Result<PayoutLine>.Ok((await store.FindLineAsync(merchantId, requestId, merchantSendId,
            cancellationToken).ConfigureAwait(false))!);
    }
}
