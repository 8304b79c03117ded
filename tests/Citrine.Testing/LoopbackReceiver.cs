using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Citrine.Testing;

/// <summary>A request the receiver got: method, path, headers and the raw body bytes.</summary>
public sealed record ReceivedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedAt)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A header's value (names are case-insensitive), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>How the receiver answers one request.</summary>
public sealed record Reply(int Status, string? Body = null, TimeSpan? Delay = null, string? Location = null,
    string ContentType = "application/json")
{
    /// <summary>The documented success reply (docs/api-reference.md#webhook-reply-and-retries).</summary>
    public static Reply Success { get; } = new(200, "{\"returnCode\":\"SUCCESS\",\"returnMessage\":null}");

    /// <summary>HTTP 200 whose body says <c>returnCode: FAIL</c>.</summary>
    public static Reply Fail { get; } = new(200, "{\"returnCode\":\"FAIL\",\"returnMessage\":\"try later\"}");

    public static Reply Error(int status = 500) => new(status, "{\"error\":\"boom\"}");

    /// <summary>Answers only after <paramref name="delay"/> (a receiver that times out).</summary>
    public static Reply Hang(TimeSpan delay) => Success with { Delay = delay };

    public static Reply Redirect(string location) => new(302, Location: location);

    /// <summary>An HTML page (a merchant's site, a gateway error page).</summary>
    public static Reply Html(int status, string html) => new(status, html, ContentType: "text/html");
}

/// <summary>
/// The far side of an outgoing HTTP call, on a <see cref="LoopbackApp"/>: a merchant's webhook receiver, a merchant's
/// site the checkout redirects to, or a stand-in for a remote Binance Pay. It records every request (in order, and
/// into a channel to wait on) and answers from, in this order: a per-request <see cref="Responder"/>, the canned
/// <see cref="Answers"/> per path, a script (<see cref="Enqueue"/>), or <see cref="Default"/>.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedRequest> _channel = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _all = new();
    private LoopbackApp? _app;

    private LoopbackReceiver()
    {
    }

    public Uri BaseUri => _app?.BaseUri ?? throw new InvalidOperationException("Receiver not started.");

    /// <summary>The base URL without a trailing slash (<c>http://127.0.0.1:port</c>).</summary>
    public string BaseUrl => BaseUri.GetLeftPart(UriPartial.Authority);

    /// <summary>The URL to configure as webhook destination.</summary>
    public string Url => new Uri(BaseUri, "/webhook").ToString();

    public int Port => BaseUri.Port;

    /// <summary>The answer when no responder, canned answer or script decides.</summary>
    public Reply Default { get; set; } = Reply.Success;

    /// <summary>Decides the answer per request when it returns non-null (before everything else).</summary>
    public Func<ReceivedRequest, Reply?>? Responder { get; set; }

    /// <summary>Canned answers by path, without the leading slash (<c>binancepay/openapi/order/refund</c>).</summary>
    public ConcurrentDictionary<string, Reply> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> All => [.. _all];

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var receiver = new LoopbackReceiver();
        receiver._app = await LoopbackApp.StartAsync(app => app.Run(receiver.HandleAsync));
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
    public async Task<ReceivedRequest> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No request arrived within {timeout ?? TimeSpan.FromSeconds(15)}.");
        }
    }

    public async Task<IReadOnlyList<ReceivedRequest>> NextAsync(int count, TimeSpan? timeout = null)
    {
        var list = new List<ReceivedRequest>();
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

    public ValueTask DisposeAsync() => _app?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(),
            StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedRequest(context.Request.Method, context.Request.Path, headers, buffer.ToArray(),
            DateTimeOffset.UtcNow);
        var reply = Responder?.Invoke(received)
            ?? (Answers.TryGetValue(received.Path.TrimStart('/'), out var canned) ? canned
                : _script.TryDequeue(out var next) ? next : Default);
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
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }
}
