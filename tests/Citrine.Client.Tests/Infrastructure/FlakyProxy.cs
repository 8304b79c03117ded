using System.Collections.Concurrent;
using Citrine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Citrine.Client.Tests.Infrastructure;

/// <summary>What the proxy does with one request.</summary>
public enum Fault
{
    /// <summary>Pass it on to the real server and return its answer.</summary>
    None,

    /// <summary>Answer 503 with a plain-text body; the server never sees the request.</summary>
    Unavailable503,

    /// <summary>Answer 500 with a Binance 400000 envelope; the server never sees the request.</summary>
    ServerError500,

    /// <summary>Answer 429 with <c>Retry-After: 0</c>; the server never sees the request.</summary>
    TooManyRequests429,

    /// <summary>Reset the connection before forwarding: the server never sees the request.</summary>
    ResetBeforeForward,

    /// <summary>Forward, let the server do the work, then reset the connection: the answer is lost.</summary>
    ResetAfterForward,

    /// <summary>Wait two seconds before forwarding (longer than the tests' network timeout).</summary>
    Slow,
}

/// <summary>
/// A loopback Kestrel in front of a real Citrine that fails the first requests on purpose, then delegates. It records
/// every request it saw (headers and body), so tests can check that each attempt was signed anew.
/// </summary>
public sealed class FlakyProxy : IAsyncDisposable
{
    private static readonly HttpClient Forwarder = new();
    private readonly LoopbackApp _app;
    private readonly ConcurrentQueue<Fault> _faults;

    private FlakyProxy(LoopbackApp app, ConcurrentQueue<Fault> faults)
    {
        _app = app;
        _faults = faults;
    }

    public Uri BaseUri => _app.BaseUri;

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    private int _forwarded;

    /// <summary>How many requests reached the real server.</summary>
    public int ForwardedCount => Volatile.Read(ref _forwarded);

    /// <summary>Starts a proxy to <paramref name="target"/> that applies <paramref name="faults"/> to the first
    /// requests, one each, and forwards the rest.</summary>
    public static async Task<FlakyProxy> StartAsync(Uri target, params Fault[] faults)
    {
        var queue = new ConcurrentQueue<Fault>(faults);
        FlakyProxy? proxy = null;
        var app = await LoopbackApp.StartAsync(a => a.Run(context => proxy!.HandleAsync(context, target)));
        proxy = new FlakyProxy(app, queue);
        return proxy;
    }

    private async Task HandleAsync(HttpContext context, Uri target)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(),
            StringComparer.OrdinalIgnoreCase);
        Seen.Enqueue(new SeenRequest(context.Request.Path, headers, body));
        var fault = _faults.TryDequeue(out var f) ? f : Fault.None;
        switch (fault)
        {
            case Fault.Unavailable503:
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Service Unavailable");
                return;
            case Fault.ServerError500:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync(
                    """{"status":"FAIL","code":"400000","data":null,"errorMessage":"try later"}""");
                return;
            case Fault.TooManyRequests429:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                await context.Response.WriteAsync("slow down");
                return;
            case Fault.ResetBeforeForward:
                context.Abort();
                return;
            case Fault.Slow:
                await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted);
                break;
        }

        using var forward = new HttpRequestMessage(HttpMethod.Post, new Uri(target, context.Request.Path.Value))
        {
            Content = new StringContent(body),
        };
        forward.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers.Where(h => h.Key.StartsWith("BinancePay-", StringComparison.OrdinalIgnoreCase)))
        {
            forward.Headers.TryAddWithoutValidation(name, value);
        }

        using var answer = await Forwarder.SendAsync(forward);
        var answerBody = await answer.Content.ReadAsStringAsync();
        Interlocked.Increment(ref _forwarded);
        if (fault == Fault.ResetAfterForward)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answerBody);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>A request as the proxy received it.</summary>
public sealed record SeenRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
