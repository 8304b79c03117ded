using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Citrine.Contracts.Signing;

namespace Citrine.Cli.Commands;

/// <summary>
/// Calls a server's signed endpoints as the merchant: each request is signed with the API secret exactly as a Binance
/// Pay client signs it (docs/api-reference.md#request-signing). Credentials come from flags or
/// <c>CITRINE_API_KEY</c>/<c>CITRINE_API_SECRET</c>.
/// </summary>
public sealed class SignedApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly string _apiSecret;

    public SignedApiClient(string server, string? apiKey, string? apiSecret)
    {
        _apiKey = apiKey ?? Environment.GetEnvironmentVariable("CITRINE_API_KEY")
            ?? throw new InvalidOperationException("No API key: pass --api-key or set CITRINE_API_KEY.");
        _apiSecret = apiSecret ?? Environment.GetEnvironmentVariable("CITRINE_API_SECRET")
            ?? throw new InvalidOperationException("No API secret: pass --api-secret or set CITRINE_API_SECRET.");
        _http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Posts a signed JSON body and returns <c>data</c> of a SUCCESS envelope.</summary>
    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(BinancePayHeaders.Timestamp, timestamp);
        request.Headers.Add(BinancePayHeaders.Nonce, nonce);
        request.Headers.Add(BinancePayHeaders.CertificateSn, _apiKey);
        request.Headers.Add(BinancePayHeaders.Signature, RequestSigner.Sign(_apiSecret, timestamp, nonce, bytes));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}, not a Binance envelope");
        }

        if (envelope.TryGetProperty("status", out var status) && status.GetString() == "SUCCESS")
        {
            return envelope.GetProperty("data").Clone();
        }

        throw new InvalidOperationException(
            $"{path}: {Text(envelope, "code")} {Text(envelope, "errorMessage")}".TrimEnd());
    }

    public void Dispose() => _http.Dispose();

    private static string Text(JsonElement envelope, string name) =>
        envelope.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";
}
