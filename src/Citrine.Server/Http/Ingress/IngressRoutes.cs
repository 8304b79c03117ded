using Citrine.Server.Http.Declarations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Citrine.Server.Http.Ingress;

/// <summary>Maps endpoints behind the ingress: a declared endpoint, or a route group with one auth policy.</summary>
internal static class IngressRoutes
{
    /// <summary>Maps <paramref name="declaration"/> as a POST whose handler runs after the ingress admitted it.</summary>
    public static RouteHandlerBuilder MapDeclared(this IEndpointRouteBuilder routes, EndpointDeclaration declaration)
        => routes.MapPost(declaration.Path, declaration.Handler)
            .WithMetadata(declaration, new IngressMetadata(declaration.Auth, declaration.AllowEmptyBody));

    /// <summary>A route group every endpoint of which goes through the ingress with <paramref name="auth"/>.</summary>
    public static RouteGroupBuilder MapIngressGroup(this IEndpointRouteBuilder routes, string prefix, AuthPolicy auth)
    {
        var group = routes.MapGroup(prefix);
        group.WithMetadata(new IngressMetadata(auth, AllowEmptyBody: false));
        return group;
    }

    public static IApplicationBuilder UseIngress(this IApplicationBuilder app) =>
        app.UseMiddleware<IngressMiddleware>();
}
