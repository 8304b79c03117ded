using System.Collections.Concurrent;
using System.Text;
using Citrine.Contracts.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Citrine.Client.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for a remote Binance Pay that answers canned bodies per path, for the answer shapes Citrine
/// itself never produces (docs/api-reference.md#quirks: numbers as strings, 20-digit ids, absent errorMessage, gateway
/// errors). It checks each request's HMAC with the credential the test gives, and answers 400002 when it does not
/// verify.
/// </summary>
public sealed class CannedService : IAsyncDisposable
{
    public const string ApiKey = "cannedkey0000000000000000000000000000000000000000000000000000001";
    public const string ApiSecret = "cannedsecret000000000000000000000000000000000000000000000000001";

    private readonly LoopbackApp _app;

    private CannedService(LoopbackApp app) => _app = app;

    public Uri BaseUri => _app.BaseUri;

    public ConcurrentDictionary<string, (int Status, string Body)> Answers { get; } = new();

    public ConcurrentQueue<(string Path, string Body)> Seen { get; } = new();

    public IReadOnlyList<string> Bodies => Seen.Select(s => s.Body).ToList();

    public CitrineClient Client(int maxRetries = 0) => new(BaseUri, new CitrineCredential(ApiKey, ApiSecret),
        new CitrineClientOptions { MaxRetries = maxRetries, RetryDelay = TimeSpan.Zero, RetryDelayMax = TimeSpan.Zero });

    public static async Task<CannedService> StartAsync()
    {
        CannedService? service = null;
        var app = await LoopbackApp.StartAsync(a => a.Run(context => service!.HandleAsync(context)));
        service = new CannedService(app);
        return service;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        Seen.Enqueue((context.Request.Path.Value!, Encoding.UTF8.GetString(body)));
        var headers = context.Request.Headers;
        var signed = RequestSigner.Verify(ApiSecret, headers[BinancePayHeaders.Timestamp].ToString(),
            headers[BinancePayHeaders.Nonce].ToString(), body, headers[BinancePayHeaders.Signature].ToString(),
            strictUpperCase: true) && headers[BinancePayHeaders.CertificateSn] == ApiKey;
        var (status, answer) = !signed
            ? (400, """{"status":"FAIL","code":"400002","errorMessage":"Signature for this request is not valid."}""")
            : Answers.TryGetValue(context.Request.Path.Value!.TrimStart('/'), out var canned)
                ? canned
                : (404, "<html>The request could not be satisfied</html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = answer.StartsWith('<') ? "text/html" : "application/json";
        await context.Response.WriteAsync(answer);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
