using Citrine.Client.Http;
using Citrine.Contracts;
using Citrine.Contracts.Payouts;

namespace Citrine.Client;

/// <summary>Payouts: pay a batch of receivers, query it, check a receiver before paying it. Reach it through <see cref="CitrineClient.Payouts"/>.</summary>
public class PayoutsClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal PayoutsClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected PayoutsClient()
    {
    }

    /// <summary>
    /// Whether the receiver (<see cref="ReceiveTypes.BinanceId"/> or <see cref="ReceiveTypes.PayId"/>) exists and
    /// matches every registration hint given (<c>POST /binancepay/openapi/payout/receiver/check</c>).
    /// </summary>
    /// <exception cref="CitrineApiException">The service refused the request, for example an unknown
    /// <c>receiveType</c>.</exception>
    public virtual async Task<bool> CheckReceiverAsync(ReceiverCheckRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<bool>(ApiPaths.PayoutReceiverCheck, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>
    /// Batch payout (<c>POST /binancepay/openapi/payout/transfer</c>): reserves the whole batch in the merchant's
    /// wallets and answers <c>ACCEPTED</c>; lines are paid asynchronously (see <see cref="QueryAsync"/> and the
    /// <c>PAYOUT</c> webhook).
    /// </summary>
    /// <remarks>
    /// Retried on connection failures, timeouts, 429 and 5xx: <c>requestId</c> is the idempotency key, so a repeat
    /// answers the stored batch under <c>REPEAT_REQ_SUCCESS</c>/<c>000001</c> instead of paying twice;
    /// <see cref="PayoutTransferOutcome.IsReplay"/> tells the two answers apart.
    /// </remarks>
    /// <exception cref="CitrineApiException">For example <c>400304</c> when the wallets cannot cover the batch,
    /// <c>400102</c> when the totals do not match the lines, or <c>400001</c> when the <c>requestId</c> was used with
    /// another body.</exception>
    public virtual async Task<PayoutTransferOutcome> TransferAsync(PayoutTransferRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RequestId, nameof(request));
        var response = await _pipeline.PostAsync<PayoutTransferResult>(ApiPaths.PayoutTransfer, request,
            RetryKind.Keyed, cancellationToken).ConfigureAwait(false);
        return new PayoutTransferOutcome(response.Value, response.Status == BinanceStatus.RepeatRequestSuccess);
    }

    /// <summary>A batch by its <c>requestId</c> with its lines, filtered by <c>detailStatus</c>
    /// (<c>POST /binancepay/openapi/payout/query</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>400202</c> for an unknown <c>requestId</c>.</exception>
    public virtual async Task<PayoutQueryResult> QueryAsync(PayoutQueryRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RequestId, nameof(request));
        var response = await _pipeline.PostAsync<PayoutQueryResult>(ApiPaths.PayoutQuery, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}

/// <summary>The answer to a batch payout: the accepted batch, and whether the service answered it as a replay of its
/// <c>requestId</c> (<c>REPEAT_REQ_SUCCESS</c>, code <c>000001</c>). Either way the batch is paid once.</summary>
public sealed record PayoutTransferOutcome(PayoutTransferResult Batch, bool IsReplay);
