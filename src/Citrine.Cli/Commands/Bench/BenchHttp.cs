using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Citrine.Contracts;
using Citrine.Contracts.Signing;

namespace Citrine.Cli.Commands.Bench;

/// <summary>One answer: HTTP status, the envelope <c>code</c> (<c>-</c> when the body is not an envelope), the body.</summary>
internal readonly record struct BenchReply(int Status, string Code, byte[] Body)
{
    public bool IsSuccess => Code == ResultCodes.Success.Code;

    /// <summary><c>data</c> of the envelope (a copy).</summary>
    public JsonElement Data()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetProperty("data").Clone();
    }

    public override string ToString() => $"HTTP {Status} {Code}: {System.Text.Encoding.UTF8.GetString(Body)}";
}

/// <summary>
/// The load generator's client: one <see cref="SocketsHttpHandler"/> with a connection per worker, and every request
/// signed afresh (timestamp, new nonce, HMAC-SHA512 over <c>timestamp\nnonce\nbody\n</c>) with
/// <see cref="RequestSigner"/>, exactly as the SDK and <c>citrine order</c> sign.
/// </summary>
internal sealed class BenchHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly string _apiSecret;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public BenchHttp(Uri baseUri, string apiKey, string apiSecret, int connections)
    {
        _apiKey = apiKey;
        _apiSecret = apiSecret;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUri => _http.BaseAddress!;

    public Task<BenchReply> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        PostAsync(path, JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);

    public async Task<BenchReply> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation(BinancePayHeaders.Timestamp, timestamp);
        request.Headers.TryAddWithoutValidation(BinancePayHeaders.Nonce, nonce);
        request.Headers.TryAddWithoutValidation(BinancePayHeaders.CertificateSn, _apiKey);
        request.Headers.TryAddWithoutValidation(BinancePayHeaders.Signature,
            RequestSigner.Sign(_apiSecret, timestamp, nonce, body));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new BenchReply((int)response.StatusCode, CodeOf(bytes), bytes);
    }

    /// <summary>Reads the top-level <c>code</c> without building a document.</summary>
    internal static string CodeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1
                    && reader.ValueTextEquals("code"u8) && reader.Read())
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "-" : "-";
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                    && reader.CurrentDepth >= 1)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: reported as "-".
        }

        return "-";
    }

    public void Dispose() => _http.Dispose();
}
