using Citrine.Server.Http.Declarations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Citrine.Server.Http.Ingress;

/// <summary>Maps endpoints behind the ingress: a declared endpoint, or a route group with one auth policy.</summary>
internal static class IngressRoutes
{
    /// <summary>
    /// Maps <paramref name="declaration"/> as a POST whose handler runs after the ingress admitted it. The handler is
    /// bound by ASP.NET Core's <see cref="RequestDelegateFactory"/>, as any minimal-API handler, but on the endpoint's
    /// first request rather than when routing starts: binding all of them up front was most of a cold start
    /// (docs/performance.md, "Cold start"), and a server answers few of its endpoints soon after it starts.
    /// </summary>
    public static IEndpointConventionBuilder MapDeclared(this IEndpointRouteBuilder routes,
        EndpointDeclaration declaration) =>
        routes.MapPost(declaration.Path, new BoundOnFirstRequest(declaration).InvokeAsync)
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

    private sealed class BoundOnFirstRequest(EndpointDeclaration declaration)
    {
        private readonly Lock binding = new();
        private RequestDelegate? bound;

        public Task InvokeAsync(HttpContext context) =>
            (Volatile.Read(ref bound) ?? Bind(context.RequestServices))(context);

        // One binding per endpoint: the first requests that arrive together wait for it. Binding compiles the handler
        // into dynamic methods, and duplicates thrown away kept the finalizer thread busy under load afterwards (a
        // seventh of the server's CPU in a profile: docs/performance.md, "Cold start").
        private RequestDelegate Bind(IServiceProvider services)
        {
            lock (binding)
            {
                if (bound is null)
                {
                    Volatile.Write(ref bound, RequestDelegateFactory.Create(declaration.Handler,
                        new RequestDelegateFactoryOptions
                        {
                            ServiceProvider = services,
                            // What routing hands the factory for a handler it maps itself: path values bind from the
                            // route. Parsed here, not when mapped, as most endpoints are never bound.
                            RouteParameterNames = RoutePatternFactory.Parse(declaration.Path).Parameters
                                .Select(parameter => parameter.Name).ToList(),
                        }).RequestDelegate);
                }

                return bound!;
            }
        }
    }
}
