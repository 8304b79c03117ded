using Citrine.Client.Http;
using Citrine.Contracts.Webhooks;

namespace Citrine.Client;

/// <summary>The public keys that sign webhooks. Reach it through <see cref="CitrineClient.Certificates"/>; a
/// <see cref="WebhookVerifier"/> uses it for you.</summary>
public class CertificatesClient
{
    private readonly CitrinePipeline _pipeline = null!;

    internal CertificatesClient(CitrinePipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected CertificatesClient()
    {
    }

    /// <summary>Lists the webhook certificates (<c>POST /binancepay/openapi/certificates</c>): each has a
    /// <c>certSerial</c>, matched against the webhook's <c>BinancePay-Certificate-SN</c>, and a PEM public key.</summary>
    /// <exception cref="CitrineApiException">The service refused the query.</exception>
    public virtual async Task<IReadOnlyList<CertificateResult>> GetAsync(CancellationToken cancellationToken = default)
    {
        // The official examples send {} (docs/api-reference.md#query-certificate): an empty body is refused by
        // Binance's gateway.
        var response = await _pipeline.PostAsync<List<CertificateResult>>(ApiPaths.Certificates, EmptyBody.Instance,
            RetryKind.Read, cancellationToken).ConfigureAwait(false);
        return response.Value ?? [];
    }

    private sealed class EmptyBody
    {
        public static readonly EmptyBody Instance = new();
    }
}
