using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Cli.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in answering canned Binance envelopes per path, so CLI tests can pin exact wire shapes and
/// result codes (exit-code mapping) without arranging server state. It records each request's path and body.
/// </summary>
public sealed class StandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandIn(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public ConcurrentDictionary<string, (int Status, string Body)> Answers { get; } = new();

    public ConcurrentQueue<(string Path, string Body)> Seen { get; } = new();

    public static async Task<StandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StandIn? standIn = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            standIn!.Seen.Enqueue((context.Request.Path.Value!, body));
            var (status, answer) = standIn.Answers.GetValueOrDefault(context.Request.Path.Value!.TrimStart('/'),
                (404, """{"status":"FAIL","code":"400001","errorMessage":"no such endpoint"}"""));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First();
        standIn = new StandIn(app, address);
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
