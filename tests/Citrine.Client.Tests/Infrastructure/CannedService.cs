using System.Text.Json;
using System.Collections.Concurrent;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Client.Tests.Infrastructure;

/// <summary>
/// A stand-in for a remote Binance Pay on a <see cref="LoopbackReceiver"/>, answering canned bodies per path, for the
/// answer shapes Citrine itself never produces (docs/api-reference.md#quirks: numbers as strings, 20-digit ids, absent
/// errorMessage, gateway errors). It checks each request's HMAC with the credential the test gives, and answers 400002
/// when it does not verify.
/// </summary>
public sealed class CannedService : IAsyncDisposable
{
    public const string ApiKey = "cannedkey0000000000000000000000000000000000000000000000000000001";
    public const string ApiSecret = "cannedsecret000000000000000000000000000000000000000000000000001";

    private static readonly Reply BadSignature =
        new(400, """{"status":"FAIL","code":"400002","errorMessage":"Signature for this request is not valid."}""");

    private readonly LoopbackReceiver _receiver;

    private CannedService(LoopbackReceiver receiver)
    {
        _receiver = receiver;
        receiver.Default = Reply.Html(404, "<html>The request could not be satisfied</html>");
        receiver.Responder = Answer;
    }

    public Uri BaseUri => _receiver.BaseUri;

    /// <summary>Canned (HTTP status, body) by path without the leading slash; a body starting with <c>&lt;</c> is
    /// sent as HTML.</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> Answers { get; } = new();

    public IReadOnlyList<(string Path, string Body)> Seen => [.. _receiver.All.Select(r => (r.Path, r.BodyText))];

    public IReadOnlyList<string> Bodies => [.. Seen.Select(s => s.Body)];

    public CitrineClient Client(int maxRetries = 0) => new(BaseUri, new CitrineCredential(ApiKey, ApiSecret),
        new CitrineClientOptions { MaxRetries = maxRetries, RetryDelay = TimeSpan.Zero, RetryDelayMax = TimeSpan.Zero });

    public static async Task<CannedService> StartAsync() => new(await LoopbackReceiver.StartAsync());

    /// <summary>One SDK call against a stand-in that answers <paramref name="answer"/> on <paramref name="path"/>:
    /// what the call returned, the path it posted to and the JSON it sent.</summary>
    public static async Task<(T Result, string Path, JsonElement Sent)> CallOnceAsync<T>(string path, string answer,
        Func<CitrineClient, Task<T>> call)
    {
        await using var service = await StartAsync();
        service.Answers[path] = (200, answer);
        var result = await call(service.Client());
        var (seenPath, body) = service.Seen.Single();
        return (result, seenPath, JsonDocument.Parse(body).RootElement.Clone());
    }

    private Reply? Answer(ReceivedRequest request)
    {
        var signed = RequestSigner.Verify(ApiSecret, request.Header(BinancePayHeaders.Timestamp) ?? "",
            request.Header(BinancePayHeaders.Nonce) ?? "", request.Body, request.Header(BinancePayHeaders.Signature) ?? "",
            strictUpperCase: true) && request.Header(BinancePayHeaders.CertificateSn) == ApiKey;
        if (!signed)
        {
            return BadSignature;
        }

        return Answers.TryGetValue(request.Path.TrimStart('/'), out var canned)
            ? canned.Body.StartsWith('<') ? Reply.Html(canned.Status, canned.Body) : new Reply(canned.Status, canned.Body)
            : null;
    }

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();
}
