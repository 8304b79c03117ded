using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Citrine.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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

    private IEnumerable<RouteEndpoint> Endpoints() =>
        fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static string Pattern(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    private static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
}
