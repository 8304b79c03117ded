using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Citrine.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Tests.Declarations;

/// <summary>
/// No endpoint bypasses the ingress: every POST the app maps under /binancepay/, /sandbox/ or /admin/ (and every
/// admin read) carries the ingress metadata, so its body, authentication and fields go through the one way in.
/// </summary>
public sealed class IngressCoverageTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    private static readonly string[] GuardedPrefixes = ["/binancepay/", "/sandbox/", "/admin/"];

    [Fact]
    public void Every_POST_under_binancepay_sandbox_and_admin_goes_through_the_ingress()
    {
        var posts = Endpoints().Where(e => Methods(e).Contains(HttpMethods.Post)).ToList();
        var guarded = posts.Where(e => GuardedPrefixes.Any(p => Pattern(e).StartsWith(p, StringComparison.Ordinal)))
            .ToList();

        foreach (var prefix in GuardedPrefixes)
        {
            guarded.Count(e => Pattern(e).StartsWith(prefix, StringComparison.Ordinal)).ShouldBeGreaterThan(2, prefix);
        }

        guarded.Where(e => e.Metadata.GetMetadata<IngressMetadata>() is null).Select(Pattern)
            .ShouldBeEmpty("POST endpoints that bypass the ingress");
    }

    [Fact]
    public void Admin_endpoints_need_the_admin_token_and_merchant_API_endpoints_a_signature()
    {
        foreach (var endpoint in Endpoints())
        {
            var pattern = Pattern(endpoint);
            var auth = endpoint.Metadata.GetMetadata<IngressMetadata>()?.Auth;
            if (pattern.StartsWith("/admin/", StringComparison.Ordinal))
            {
                auth.ShouldBe(AuthPolicy.AdminToken, pattern);
            }
            else if (pattern.StartsWith("/binancepay/", StringComparison.Ordinal))
            {
                auth.ShouldBe(AuthPolicy.SignedMerchant, pattern);
            }
        }
    }

    [Fact]
    public void Every_declaration_of_the_registry_is_mapped_with_its_declaration()
    {
        var registry = fixture.Server.App.Services.GetRequiredService<EndpointRegistry>();
        var mapped = Endpoints().Select(e => e.Metadata.GetMetadata<EndpointDeclaration>()).OfType<EndpointDeclaration>()
            .ToList();
        registry.All.ShouldNotBeEmpty();
        foreach (var declaration in registry.All)
        {
            mapped.ShouldContain(declaration, declaration.Path);
        }
    }

    /// <summary>
    /// Declared handlers are bound on their first request (Http/Ingress/IngressRoutes.cs), so a parameter the
    /// server cannot supply would surface only then, and a service missing from the container would silently be
    /// read from the JSON body. Every parameter is the admitted request, the HTTP context, the request's abort token,
    /// a value of the path or a service, and none is read from the body.
    /// </summary>
    [Fact]
    public void Every_declared_handler_takes_only_what_the_server_supplies_and_nothing_from_the_body()
    {
        var services = fixture.Server.App.Services;
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var unbound = new List<string>();
        foreach (var declaration in services.GetRequiredService<EndpointRegistry>().All)
        {
            var pathValues = RoutePatternFactory.Parse(declaration.Path).Parameters.Select(p => p.Name).ToList();
            foreach (var parameter in declaration.Handler.Method.GetParameters())
            {
                var type = parameter.ParameterType;
                if (type != typeof(Inbound) && type != typeof(HttpContext) && type != typeof(CancellationToken)
                    && !pathValues.Contains(parameter.Name!) && !isService.IsService(type))
                {
                    unbound.Add($"{declaration.Path}: {type.Name} {parameter.Name}");
                }
            }

            var built = RequestDelegateFactory.Create(declaration.Handler,
                new RequestDelegateFactoryOptions { ServiceProvider = services, RouteParameterNames = pathValues });
            built.EndpointMetadata.OfType<IAcceptsMetadata>().ShouldBeEmpty(declaration.Path);
        }

        unbound.ShouldBeEmpty();
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static string Pattern(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    private static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
}
