using Citrine.Client.Http;
using Citrine.Contracts.Partners;

namespace Citrine.Client;

/// <summary>Partner calls: share account id and technical service providers. Reach it through
/// <see cref="CitrineClient.Partners"/>. A provider's delegated calls are made with a client whose
/// <see cref="CitrineClientOptions.AuthorizationToken"/> names the authorisation.</summary>
public class PartnersClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal PartnersClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected PartnersClient()
    {
    }

    /// <summary>Asks a Binance user for their Binance ID (<c>POST /binancepay/openapi/shareinfo/accountId</c>): show
    /// <c>QrcodeContent</c> as a QR code; a <c>SHARE_ACCOUNT_ID</c> webhook follows the user's consent. The same
    /// <c>RequestId</c> answers the same request, so the call is retried safely.</summary>
    public virtual async Task<ShareAccountIdResult> ShareAccountIdAsync(ShareAccountIdRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RequestId, nameof(request));
        return (await _pipeline.PostAsync<ShareAccountIdResult>(ApiPaths.ShareAccountId, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false)).Value!;
    }

    /// <summary>The provider's config (<c>…/service/provider/config/query</c>).</summary>
    /// <exception cref="CitrineApiException"><c>400606</c> when the merchant is not a provider.</exception>
    public virtual async Task<TspConfigResult> GetProviderConfigAsync(CancellationToken cancellationToken = default) =>
        (await _pipeline.PostAsync<TspConfigResult>(ApiPaths.ProviderConfig, new TspConfigQueryRequest(),
            RetryKind.Read, cancellationToken).ConfigureAwait(false)).Value!;

    /// <summary>Asks a merchant to authorise this provider (<c>…/service/provider/create</c>): send the merchant to
    /// <c>RedirectUrl</c>; a <c>TECH_PROVIDER</c> webhook tells the answer. Asking again while the authorisation is
    /// pending or active answers it unchanged, so the call is retried safely.</summary>
    public virtual async Task<TspCreateResult> RequestAuthorizationAsync(TspCreateRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<TspCreateResult>(ApiPaths.ProviderCreate, request, RetryKind.Keyed,
            cancellationToken).ConfigureAwait(false)).Value!;
    }

    /// <summary>The provider's authorisation by one merchant (<c>…/service/provider/record/get</c>).</summary>
    public virtual async Task<TspAuthRecord> GetAuthorizationAsync(TspRecordGetRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<TspAuthRecord>(ApiPaths.ProviderRecordGet, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false)).Value!;
    }

    /// <summary>A page of the provider's authorisations (<c>…/service/provider/record</c>, at most 10 rows).</summary>
    public virtual async Task<TspRecordPage> ListAuthorizationsAsync(TspRecordPageRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _pipeline.PostAsync<TspRecordPage>(ApiPaths.ProviderRecord, request, RetryKind.Read,
            cancellationToken).ConfigureAwait(false)).Value!;
    }
}
