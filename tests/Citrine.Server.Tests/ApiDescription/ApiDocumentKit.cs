using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.ApiDescription;

/// <summary>Reads the live <c>GET /openapi.json</c> of a test server.</summary>
internal static class ApiDocumentKit
{
    public static async Task<JsonElement> FetchAsync(TestServer server)
    {
        using var response = await server.Http.GetAsync("/openapi.json");
        response.IsSuccessStatusCode.ShouldBeTrue(response.StatusCode.ToString());
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every (method, path, operation) of the document.</summary>
    public static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(o => (o.Name.ToUpperInvariant(), path.Name, o.Value)));

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Citrine.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Citrine.slnx not found above the test binaries");
    }
}
