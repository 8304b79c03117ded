using Citrine.Contracts;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Features.Admin;

/// <summary>A route group under <c>/admin</c> guarded by the admin token, for features that add admin endpoints.</summary>
internal static class AdminGroup
{
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetService(typeof(AdminToken)) is AdminToken token
            && token.Matches(context.HttpContext.Request.Headers.Authorization)
                ? await next(context).ConfigureAwait(false)
                : BinanceEnvelope.Fail(ResultCodes.InvalidApiKeyOrIp, "admin token missing or wrong", 401));
}
