using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Citrine.Testing;

/// <summary>A request the receiver got: method, path, headers and the raw body bytes.</summary>
public sealed record ReceivedWebhook(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedAt)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A header's value (names are case-insensitive), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>How the receiver answers one request.</summary>
public sealed record Reply(int Status, string? Body = null, TimeSpan? Delay = null, string? Location = null)
{
    /// <summary>The documented success reply (docs/api-reference.md#webhook-reply-and-retries).</summary>
    public static Reply Success { get; } = new(200, "{\"returnCode\":\"SUCCESS\",\"returnMessage\":null}");

    /// <summary>HTTP 200 whose body says <c>returnCode: FAIL</c>.</summary>
    public static Reply Fail { get; } = new(200, "{\"returnCode\":\"FAIL\",\"returnMessage\":\"try later\"}");

    public static Reply Error(int status = 500) => new(status, "{\"error\":\"boom\"}");

    /// <summary>Answers only after <paramref name="delay"/> (a receiver that times out).</summary>
    public static Reply Hang(TimeSpan delay) => Success with { Delay = delay };

    public static Reply Redirect(string location) => new(302, Location: location);
}

/// <summary>
/// A loopback Kestrel receiver for webhooks: records every request into a channel and answers from a script
/// (<see cref="Enqueue"/>), a per-request <see cref="Responder"/>, or <see cref="Default"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _channel = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _all = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The URL to configure as webhook destination.</summary>
    public string Url => new Uri(BaseUri, "/webhook").ToString();

    public int Port => BaseUri.Port;

    /// <summary>The answer when the script is empty and no responder decides.</summary>
    public Reply Default { get; set; } = Reply.Success;

    /// <summary>Decides the answer per request when it returns non-null (before the script).</summary>
    public Func<ReceivedWebhook, Reply?>? Responder { get; set; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> All => [.. _all];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First();
        receiver.BaseUri = new Uri(address);
        return receiver;
    }

    /// <summary>Answers the next requests with these replies, in order.</summary>
    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>The next request, or a <see cref="TimeoutException"/>.</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No webhook arrived within {timeout ?? TimeSpan.FromSeconds(15)}.");
        }
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> NextAsync(int count, TimeSpan? timeout = null)
    {
        var list = new List<ReceivedWebhook>();
        for (var i = 0; i < count; i++)
        {
            list.Add(await NextAsync(timeout));
        }

        return list;
    }

    /// <summary>True when no request arrives within <paramref name="window"/>.</summary>
    public async Task<bool> StaysQuietAsync(TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            await _channel.Reader.WaitToReadAsync(cts.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(),
            StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedWebhook(context.Request.Method, context.Request.Path, headers, buffer.ToArray(),
            DateTimeOffset.UtcNow);
        var reply = Responder?.Invoke(received) ?? (_script.TryDequeue(out var next) ? next : Default);
        _all.Enqueue(received);
        _channel.Writer.TryWrite(received);
        if (reply.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        if (reply.Location is not null)
        {
            context.Response.Headers.Location = reply.Location;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }
}
