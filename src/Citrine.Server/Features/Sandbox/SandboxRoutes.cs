using System.Text.Json;
using Citrine.Contracts.Signing;
using Citrine.Server.Features.Payments;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Features.Sandbox;

/// <summary>Who called a sandbox helper: a merchant (signed request) or the administrator (admin token).</summary>
internal sealed record SandboxCaller(long? MerchantId)
{
    public static SandboxCaller Admin { get; } = new((long?)null);

    public bool IsAdmin => MerchantId is null;
}

/// <summary>
/// Maps a sandbox helper that accepts either authentication. A request with <c>BinancePay-Certificate-SN</c> is a
/// merchant's and goes through the merchant API's signed-request path (<see cref="SignedEndpoint"/>) with its checks
/// and codes; otherwise a request carrying <c>Authorization</c> must hold the admin token; anything else takes the
/// signed path too (and is answered 400005).
/// </summary>
internal static class SandboxRoutes
{
    public static RouteHandlerBuilder MapSandbox(this IEndpointRouteBuilder app, string path,
        Func<SandboxCaller, JsonElement, HttpContext, Task<IResult>> handler) =>
        app.MapSigned(path, (request, context) =>
                handler(new SandboxCaller(request.Merchant.MerchantId), request.Body, context))
            .AddEndpointFilter(async (filterContext, next) =>
            {
                var context = filterContext.HttpContext;
                var headers = context.Request.Headers;
                if (headers.ContainsKey(BinancePayHeaders.CertificateSn) || !headers.ContainsKey("Authorization"))
                {
                    return await next(filterContext).ConfigureAwait(false);
                }

                return AdminRequest.IsAdmin(context)
                    ? await AdminRequest.WithBodyAsync(context, body => handler(SandboxCaller.Admin, body, context))
                        .ConfigureAwait(false)
                    : AdminRequest.Unauthorized();
            });
}
