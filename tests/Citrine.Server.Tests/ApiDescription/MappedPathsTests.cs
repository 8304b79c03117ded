using Citrine.Server.ApiDescription;
using Citrine.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Tests.ApiDescription;

/// <summary>
/// The document and the router agree: every (method, path) the server maps is in <c>/openapi.json</c>, and every
/// operation of the document is mapped. Only routes marked ExcludeFromDescription (the document and the reference
/// UI themselves) are left out.
/// </summary>
public sealed class MappedPathsTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Every_mapped_route_is_in_the_document_and_every_documented_route_is_mapped()
    {
        var document = await ApiDocumentKit.FetchAsync(fixture.Server);
        var documented = ApiDocumentKit.Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var mapped = Mapped().ToHashSet();

        mapped.Count.ShouldBeGreaterThan(40);
        mapped.Except(documented).Order(StringComparer.Ordinal).ShouldBeEmpty(
            "mapped but not in /openapi.json: declare the endpoint (an EndpointDeclaration in EndpointRegistry) or "
            + "describe it in src/Citrine.Server/ApiDescription/UndeclaredRoutes.cs");
        documented.Except(mapped).Order(StringComparer.Ordinal).ShouldBeEmpty(
            "in /openapi.json but not mapped: remove it from src/Citrine.Server/ApiDescription/UndeclaredRoutes.cs");
    }

    [Fact]
    public async Task Only_the_document_and_the_reference_UI_are_left_out()
    {
        var excluded = Endpoints().Where(e =>
                e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().ToList();
        excluded.ShouldContain("/openapi.json");
        excluded.ShouldAllBe(p => p == "/openapi.json" || p.StartsWith("/docs", StringComparison.Ordinal));

        using var docs = await fixture.Server.Http.GetAsync("/docs");
        docs.IsSuccessStatusCode.ShouldBeTrue(docs.StatusCode.ToString());
    }

    private IEnumerable<string> Mapped() => Endpoints()
        .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            .Select(method => $"{method} {ApiDocument.PathOf("/" + e.RoutePattern.RawText!.TrimStart('/'))}"));

    private IEnumerable<RouteEndpoint> Endpoints() =>
        fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
}
