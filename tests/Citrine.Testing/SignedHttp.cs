using System.Net;
using System.Text;
using System.Text.Json;
using Citrine.Contracts.Signing;

namespace Citrine.Testing;

/// <summary>The answer of a raw request: HTTP status, the envelope, and the body text.</summary>
public sealed record Answer(HttpStatusCode HttpStatus, JsonElement Envelope, string Body)
{
    public string Status => Envelope.GetProperty("status").GetString()!;

    public string Code => Envelope.GetProperty("code").GetString()!;

    public JsonElement Data => Envelope.GetProperty("data");

    public string? ErrorMessage => Envelope.GetProperty("errorMessage").GetString();

    public override string ToString() => $"{(int)HttpStatus} {Body}";
}

/// <summary>Sends signed requests exactly as a Binance Pay client would, with control over every part.</summary>
public sealed class SignedHttp(HttpClient http, TestMerchant merchant)
{
    public TestMerchant Merchant { get; } = merchant;

    public Task<Answer> PostAsync(string path, object body) =>
        PostRawAsync(path, JsonSerializer.Serialize(body));

    public Task<Answer> PostRawAsync(string path, string body, Action<HttpRequestMessage>? tamper = null,
        string? nonce = null, long? timestampMs = null) =>
        PostBytesAsync(path, Encoding.UTF8.GetBytes(body), tamper, nonce, timestampMs);

    public async Task<Answer> PostBytesAsync(string path, byte[] body, Action<HttpRequestMessage>? tamper = null,
        string? nonce = null, long? timestampMs = null)
    {
        var ts = (timestampMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        nonce ??= Nonce.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(BinancePayHeaders.Timestamp, ts);
        request.Headers.Add(BinancePayHeaders.Nonce, nonce);
        request.Headers.Add(BinancePayHeaders.CertificateSn, Merchant.ApiKey);
        request.Headers.Add(BinancePayHeaders.Signature, RequestSigner.Sign(Merchant.ApiSecret, ts, nonce, body));
        tamper?.Invoke(request);
        return await SendAsync(http, request);
    }

    public static async Task<Answer> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"Not a JSON envelope (HTTP {(int)response.StatusCode}): {text}");
        }

        return new Answer(response.StatusCode, envelope, text);
    }
}
