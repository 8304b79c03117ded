using Citrine.Client.Http;
using Citrine.Contracts;
using Citrine.Contracts.Wallets;

namespace Citrine.Client;

/// <summary>Merchant wallets: balances (v1 and v2), transfer fund between the FUNDING and SPOT wallets, and its
/// query. Reach it through <see cref="CitrineClient.Wallets"/>.</summary>
public class WalletsClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal WalletsClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected WalletsClient()
    {
    }

    /// <summary>One asset's available balance of one wallet, with its USD and BTC valuations
    /// (<c>POST /binancepay/openapi/balance</c>).</summary>
    /// <exception cref="CitrineApiException">The service refused the query.</exception>
    public virtual async Task<WalletBalanceResult> GetBalanceAsync(WalletBalanceRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<WalletBalanceResult>(ApiPaths.BalanceV1, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>A wallet's assets with available and frozen amounts (<c>POST /binancepay/openapi/v2/balance</c>);
    /// without a currency, every asset the wallet ever held, zeros included.</summary>
    /// <exception cref="CitrineApiException">The service refused the query.</exception>
    public virtual async Task<WalletBalanceV2Result> GetBalancesAsync(WalletBalanceV2Request request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<WalletBalanceV2Result>(ApiPaths.BalanceV2, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>
    /// Moves funds between the wallets (<c>POST /binancepay/openapi/wallet/transfer</c>): <c>TO_MAIN</c> FUNDING →
    /// SPOT, <c>TO_PAY</c> SPOT → FUNDING.
    /// </summary>
    /// <remarks>
    /// Retried on connection failures, timeouts, 429 and 5xx: <c>requestId</c> is the idempotency key, so a repeat
    /// answers the stored transfer under <c>REPEAT_REQ_SUCCESS</c>/<c>000001</c> instead of moving the funds twice;
    /// <see cref="TransferFundOutcome.IsReplay"/> tells the two answers apart.
    /// </remarks>
    /// <exception cref="CitrineApiException">For example <c>400304</c> when the source wallet cannot cover the
    /// amount, or <c>400001</c> when the <c>requestId</c> was used with another body.</exception>
    public virtual async Task<TransferFundOutcome> TransferAsync(TransferFundRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RequestId, nameof(request));
        var response = await _pipeline.PostAsync<TransferFundResult>(ApiPaths.WalletTransfer, request,
            RetryKind.Keyed, cancellationToken).ConfigureAwait(false);
        return new TransferFundOutcome(response.Value, response.Status == BinanceStatus.RepeatRequestSuccess);
    }

    /// <summary>A transfer by its <c>tranId</c> (the <c>requestId</c> it was made with)
    /// (<c>POST /binancepay/openapi/wallet/transfer/query</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>400202</c> for an unknown <c>tranId</c>.</exception>
    public virtual async Task<TransferFundResult> GetTransferAsync(TransferQueryRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.TranId, nameof(request));
        var response = await _pipeline.PostAsync<TransferFundResult>(ApiPaths.WalletTransferQuery, request,
            RetryKind.Read, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}

/// <summary>The answer to a transfer: the transfer, and whether the service answered it as a replay of its
/// <c>requestId</c> (<c>REPEAT_REQ_SUCCESS</c>, code <c>000001</c>) rather than a new transfer. An automatic retry
/// after a lost answer is a replay too: the funds moved once either way.</summary>
public sealed record TransferFundOutcome(TransferFundResult Transfer, bool IsReplay);
