using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Citrine.Server.ApiDescription;

/// <summary>
/// <c>GET /openapi.json</c> (the document, built once) and <c>GET /docs</c> (Scalar's interactive reference). The
/// reference works offline: its script is served by Citrine from Scalar.AspNetCore's embedded assets, the CDN fonts,
/// telemetry, AI agent, MCP and the developer toolbar are off, and a Content-Security-Policy lets the page load and call only this origin.
/// Neither route is part of the API, so neither is in the document.
/// </summary>
internal static class ApiDescriptionEndpoints
{
    public const string DocumentPath = "/openapi.json";
    public const string ReferencePath = "/docs";

    /// <summary>Only this origin; scripts only with the per-response nonce Scalar puts on its own tags. Styles are
    /// inline because the reference's components inject them at run time.</summary>
    private static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddSingleton<ApiDocument>();

    public static void MapApiDescription(this WebApplication app)
    {
        app.MapGet(DocumentPath, (ApiDocument document) => Results.Bytes(document.Json, "application/json"))
            .ExcludeFromDescription();
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ReferencePath), docs => docs.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    var nonce = context.Items[ScalarOptions.NonceHttpContextItemKey] as string ?? "none";
                    context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                    context.Response.Headers.XContentTypeOptions = "nosniff";
                    return Task.CompletedTask;
                });
                return next(context);
            }));
        app.MapScalarApiReference(ReferencePath, options =>
        {
            options.Title = ApiDocument.Title;
            options.OpenApiRoutePattern = DocumentPath;
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.DynamicNonce = true;
            options.DisableAgent();
            options.DisableMcp();
            options.HideClientButton = true;
            // Its buttons lead to Scalar's hosted services (share, deploy, generate an SDK), not to this server.
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        }).ExcludeFromDescription();
    }
}
