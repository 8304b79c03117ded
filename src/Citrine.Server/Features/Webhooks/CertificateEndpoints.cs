using Citrine.Application.Webhooks;
using Citrine.Contracts.Webhooks;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Webhooks;

/// <summary>
/// Query Certificate (docs/api-reference.md#query-certificate): the public keys that verify webhooks, current key
/// first, then keys replaced by a rotation that are still in their grace period. No body is documented, so <c>{}</c>,
/// <c>null</c>, an empty body and the old revision's <c>{"merchantId":…}</c> are all accepted; the certificates are the
/// same for every merchant, so merchantId is ignored.
/// </summary>
internal static class CertificateEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapSigned("/binancepay/openapi/certificates", ListAsync, allowEmptyBody: true);

    private static async Task<IResult> ListAsync(SignedRequest request, HttpContext context)
    {
        var keys = await context.RequestServices.GetRequiredService<WebhookKeyRing>()
            .ListedAsync(context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.Ok(keys
            .Select(k => new CertificateResult { CertSerial = k.CertSerial, CertPublic = k.PublicPem })
            .ToList());
    }
}
