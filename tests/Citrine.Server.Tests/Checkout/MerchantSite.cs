using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Server.Tests.Checkout;

/// <summary>A merchant's site on a loopback Kestrel: the <c>returnUrl</c> and <c>cancelUrl</c> pages the checkout
/// sends the browser to. It records each visit (and whether a Referer was sent).</summary>
internal sealed class MerchantSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MerchantSite(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string ReturnUrl => BaseUrl + "/return";

    public string CancelUrl => BaseUrl + "/cancel";

    public List<(string Path, string? Referer)> Visits { get; } = [];

    public static async Task<MerchantSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        MerchantSite? site = null;
        app.MapGet("/{page}", (string page, HttpContext context) =>
        {
            lock (site!.Visits)
            {
                site.Visits.Add(("/" + page, context.Request.Headers.Referer.FirstOrDefault()));
            }

            return Results.Content($"<!DOCTYPE html><title>{page}</title><h1 id=\"page\">{page}</h1>", "text/html");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First();
        site = new MerchantSite(app, address);
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
