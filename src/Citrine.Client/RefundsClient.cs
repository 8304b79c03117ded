using Citrine.Client.Http;
using Citrine.Contracts.Refunds;

namespace Citrine.Client;

/// <summary>Refunds: refund an order and query a refund. Reach it through <see cref="CitrineClient.Refunds"/>.</summary>
public class RefundsClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal RefundsClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected RefundsClient()
    {
    }

    /// <summary>
    /// Refunds a paid order, in full or in part (<c>POST /binancepay/openapi/order/refund</c>). The refund is
    /// processed asynchronously: the final outcome comes as a <c>PAY_REFUND</c> webhook or from
    /// <see cref="GetAsync"/>.
    /// </summary>
    /// <remarks>
    /// Retried on connection failures, timeouts, 429 and 5xx: <c>refundRequestId</c> is the documented idempotency
    /// key, so a repeat returns the same refund with <c>duplicateRequest</c> <c>"Y"</c> instead of refunding twice.
    /// Keep the same <c>refundRequestId</c> when you retry yourself.
    /// </remarks>
    /// <exception cref="CitrineApiException">For example <c>400303 INVALID_REFUND_AMOUNT</c>.</exception>
    public virtual async Task<RefundOrderResult> CreateAsync(RefundOrderRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RefundRequestId, nameof(request));
        var response = await _pipeline.PostAsync<RefundOrderResult>(ApiPaths.Refund, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Queries a refund by <c>refundRequestId</c> (<c>POST /binancepay/openapi/order/refund/query</c>);
    /// <see cref="RefundQueryResult.RefundStatus"/> is one of <see cref="RefundStatusNames"/> or a newer value.</summary>
    /// <exception cref="CitrineApiException">The service refused the query.</exception>
    public virtual async Task<RefundQueryResult> GetAsync(RefundQueryRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RefundRequestId, nameof(request));
        var response = await _pipeline.PostAsync<RefundQueryResult>(ApiPaths.RefundQuery, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}
