using Citrine.Application.Webhooks;
using Citrine.Contracts.Webhooks;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Webhooks;

/// <summary>
/// Query Certificate (docs/api-reference.md#query-certificate): the public keys that verify webhooks, current key
/// first, then keys replaced by a rotation that are still in their grace period. No body is documented, so <c>{}</c>,
/// <c>null</c>, an empty body and the old revision's <c>{"merchantId":…}</c> are all accepted; the certificates are the
/// same for every merchant, so merchantId is ignored.
/// </summary>
internal static class CertificateEndpoints
{
    public static readonly EndpointDeclaration List = new()
    {
        Path = "/binancepay/openapi/certificates",
        Auth = AuthPolicy.SignedMerchant,
        Response = typeof(List<CertificateResult>),
        Request = Shape.Empty,
        AllowEmptyBody = true,
        Handler = ListAsync,
        Summary = "Query Certificate (the keys that verify webhooks)",
        Example = "{}",
        Codes = [],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [List];

    private static async Task<IResult> ListAsync(WebhookKeyRing keys, CancellationToken cancellationToken)
    {
        var listed = await keys.ListedAsync(cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(listed
            .Select(k => new CertificateResult { CertSerial = k.CertSerial, CertPublic = k.PublicPem })
            .ToList());
    }
}
