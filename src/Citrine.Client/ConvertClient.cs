using Citrine.Client.Http;
using Citrine.Contracts.Otc;

namespace Citrine.Client;

/// <summary>Convert (OTC quotes, whitelisted merchants only): pairs, quotes, executing a quote once, trade orders.
/// Reach it through <see cref="CitrineClient.Convert"/>.</summary>
public class ConvertClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal ConvertClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected ConvertClient()
    {
    }

    /// <summary>The assets <paramref name="fromAsset"/> converts to, with the limits of a quote on each side
    /// (<c>POST /binancepay/openapi/otc-portal/get-to-selector</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>400606</c> when the merchant is not whitelisted for
    /// Convert, or <c>400102</c> for an asset that cannot be converted.</exception>
    public virtual async Task<ConvertSelectorResult> PairsAsync(string fromAsset,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromAsset);
        var response = await _pipeline.PostAsync<ConvertSelectorResult>(ApiPaths.ConvertSelector,
            new ConvertSelectorRequest { FromAsset = fromAsset }, RetryKind.Read, cancellationToken)
            .ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>A quote (<c>POST /binancepay/openapi/otc-portal/get-quote</c>); its
    /// <see cref="ConvertQuoteResult.QuoteId"/> is null when the wallet cannot cover the FROM amount.</summary>
    /// <remarks>Retried like a read: a repeat only asks another quote.</remarks>
    /// <exception cref="CitrineApiException">For example <c>400102</c> for an amount outside the pair's
    /// limits.</exception>
    public virtual async Task<ConvertQuoteResult> QuoteAsync(ConvertQuoteRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<ConvertQuoteResult>(ApiPaths.ConvertQuote, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Executes a quote (<c>POST /binancepay/openapi/otc-portal/execute-quote</c>): the trade order as
    /// created, <c>PROCESS</c>.</summary>
    /// <remarks>Repeated only when the request surely never reached the server: a quote executes once, so a second
    /// execution answers <c>400204</c>.</remarks>
    /// <exception cref="CitrineApiException"><c>345231</c> when the quote has expired, <c>400204</c> when it was
    /// executed already, <c>400304</c> when the wallet no longer covers it, <c>400202</c> for an unknown
    /// quoteId.</exception>
    public virtual async Task<ConvertExecuteResult> ExecuteAsync(string quoteId,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(quoteId);
        var response = await _pipeline.PostAsync<ConvertExecuteResult>(ApiPaths.ConvertExecute,
            new ConvertExecuteRequest { QuoteId = quoteId }, RetryKind.Unkeyed, cancellationToken)
            .ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>A trade order by the orderId <see cref="ExecuteAsync"/> answered
    /// (<c>POST /binancepay/openapi/otc-portal/query-trade-order</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>400202</c> for an unknown orderId.</exception>
    public virtual async Task<ConvertTradeResult> QueryAsync(string orderId,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var response = await _pipeline.PostAsync<ConvertTradeResult>(ApiPaths.ConvertTradeQuery,
            new ConvertTradeQueryRequest { OrderId = orderId }, RetryKind.Read, cancellationToken)
            .ConfigureAwait(false);
        return response.Value;
    }
}
