using Citrine.Client.Http;
using Citrine.Contracts;
using Citrine.Contracts.ProfitSharing;

namespace Citrine.Client;

/// <summary>Profit sharing: register receivers, split a paid order tagged <c>orderTags.ifProfitSharing</c> among
/// them, query a split, take part of a split back. Reach it through <see cref="CitrineClient.ProfitSharing"/>.</summary>
public class ProfitSharingClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal ProfitSharingClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected ProfitSharingClient()
    {
    }

    /// <summary>Registers a receiver by its Binance ID (<c>add-receiver</c>); registering it again succeeds.</summary>
    /// <exception cref="CitrineApiException">For example <c>400102</c> for an unknown Binance ID.</exception>
    public virtual async Task<SplitReceiverResult> AddReceiverAsync(string account,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        var response = await _pipeline.PostAsync<SplitReceiverResult>(ApiPaths.SplitAddReceiver,
            new SplitReceiverRequest { Account = account }, RetryKind.Keyed, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>A page of the merchant's receivers, oldest first (<c>query-receiver</c>).</summary>
    public virtual async Task<SplitReceiverPage> QueryReceiversAsync(int pageNum, int pageSize,
        CancellationToken cancellationToken = default)
    {
        var response = await _pipeline.PostAsync<SplitReceiverPage>(ApiPaths.SplitQueryReceiver,
            new QuerySplitReceiversRequest { PageNum = pageNum, PageSize = pageSize }, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Deletes a registered receiver (<c>del-receiver</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>400102</c> when it is not registered.</exception>
    public virtual async Task<SplitReceiverResult> DeleteReceiverAsync(string account,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        var response = await _pipeline.PostAsync<SplitReceiverResult>(ApiPaths.SplitDeleteReceiver,
            new SplitReceiverRequest { Account = account }, RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>
    /// Submit split (<c>submit-split</c>): reserves the split in the merchant's FUNDING wallet and answers it with
    /// status 0 (WAITING); lines are paid asynchronously (see <see cref="QueryAsync"/>).
    /// </summary>
    /// <remarks>Retried on connection failures, timeouts, 429 and 5xx: <c>merchantRequestId</c> is the idempotency
    /// key, so a repeat answers the stored split under <c>REPEAT_REQ_SUCCESS</c>/<c>000001</c>;
    /// <see cref="SplitOutcome.IsReplay"/> tells the two answers apart.</remarks>
    /// <exception cref="CitrineApiException">For example <c>400209</c> when the order is not a PAID tagged order of
    /// the merchant, <c>400102</c> when the split exceeds what the order can still split.</exception>
    public virtual async Task<SplitOutcome> SubmitAsync(SubmitSplitRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.MerchantRequestId, nameof(request));
        var response = await _pipeline.PostAsync<SplitResult>(ApiPaths.SplitSubmit, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return new SplitOutcome(response.Value, response.Status == BinanceStatus.RepeatRequestSuccess);
    }

    /// <summary>A split by its merchantRequestId and order (<c>query-split</c>).</summary>
    /// <exception cref="CitrineApiException">For example <c>400202</c> for an unknown split.</exception>
    public virtual async Task<SplitResult> QueryAsync(QuerySplitRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<SplitResult>(ApiPaths.SplitQuery, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Takes part of a paid split line back from its receiver (<c>return</c>); idempotent by
    /// <c>merchantReturnNo</c>.</summary>
    /// <exception cref="CitrineApiException">For example <c>400102</c> when the receiver holds less of the split.
    /// </exception>
    public virtual async Task<SplitReturnOutcome> ReturnAsync(SplitReturnRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.MerchantReturnNo, nameof(request));
        var response = await _pipeline.PostAsync<SplitReturnResult>(ApiPaths.SplitReturn, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false);
        return new SplitReturnOutcome(response.Value, response.Status == BinanceStatus.RepeatRequestSuccess);
    }
}

/// <summary>The answer to a submit-split, and whether it replays its <c>merchantRequestId</c>.</summary>
public sealed record SplitOutcome(SplitResult Split, bool IsReplay);

/// <summary>The answer to a return, and whether it replays its <c>merchantReturnNo</c>.</summary>
public sealed record SplitReturnOutcome(SplitReturnResult Return, bool IsReplay);
