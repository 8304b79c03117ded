using Citrine.Client.Http;
using Citrine.Contracts.Merchants;

namespace Citrine.Client;

/// <summary>Sub-merchants of a channel partner. Reach it through <see cref="CitrineClient.SubMerchants"/>.</summary>
public class SubMerchantsClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal SubMerchantsClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected SubMerchantsClient()
    {
    }

    /// <summary>Creates a sub-merchant (<c>POST /binancepay/openapi/submerchant/add</c>) and returns its id, to be
    /// given as <c>merchant.subMerchantId</c> when creating orders.</summary>
    /// <remarks>No idempotency key exists for this call: it is retried only when the request surely did not reach the
    /// service.</remarks>
    /// <exception cref="CitrineApiException">The service refused the sub-merchant.</exception>
    public virtual async Task<SubMerchantAddResult> AddAsync(SubMerchantAddRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<SubMerchantAddResult>(ApiPaths.SubMerchantAdd, request,
            RetryKind.Unkeyed, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Replaces a sub-merchant's fields (<c>POST /binancepay/openapi/submerchant/modify</c>): a full
    /// replacement, so the required ones are sent again. Answers the sub-merchant's id.</summary>
    /// <remarks>Sending the same replacement twice leaves the same record, so the call is retried like a keyed
    /// write.</remarks>
    /// <exception cref="CitrineApiException"><c>400206</c> for an unknown sub-merchant (or another partner's),
    /// <c>400205</c> for a name another of the partner's sub-merchants has.</exception>
    public virtual async Task<SubMerchantAddResult> ModifyAsync(SubMerchantModifyRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _pipeline.PostAsync<SubMerchantAddResult>(ApiPaths.SubMerchantModify, request,
            RetryKind.Keyed, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}
