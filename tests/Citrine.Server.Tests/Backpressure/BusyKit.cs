using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Server.Tests.Backpressure;

/// <summary>A signed request whose answer keeps its <c>Retry-After</c>, and the checks every busy answer must pass.</summary>
internal static class BusyKit
{
    public const string CreateV2 = "/binancepay/openapi/v2/order";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public sealed record Outcome(Answer Answer, TimeSpan? RetryAfter)
    {
        public bool IsBusy => Answer.Code == "409901";

        public override string ToString() => $"{Answer} Retry-After={RetryAfter}";
    }

    public static async Task<Outcome> PostAsync(HttpClient http, TestMerchant merchant, string path, object body)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(BinancePayHeaders.Timestamp, ts);
        request.Headers.Add(BinancePayHeaders.Nonce, nonce);
        request.Headers.Add(BinancePayHeaders.CertificateSn, merchant.ApiKey);
        request.Headers.Add(BinancePayHeaders.Signature, RequestSigner.Sign(merchant.ApiSecret, ts, nonce, bytes));
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

        return new Outcome(new Answer(response.StatusCode, envelope, text), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The documented busy answer: HTTP 429, <c>409901</c> in the full envelope, a <c>Retry-After</c>.</summary>
    public static void ShouldBeBusy(this Outcome reply)
    {
        reply.Answer.HttpStatus.ShouldBe(HttpStatusCode.TooManyRequests, reply.ToString());
        reply.Answer.Status.ShouldBe("FAIL");
        reply.Answer.Code.ShouldBe("409901");
        reply.Answer.Data.ValueKind.ShouldBe(JsonValueKind.Null);
        reply.Answer.ErrorMessage.ShouldNotBeNullOrWhiteSpace();
        reply.RetryAfter.ShouldNotBeNull(reply.ToString());
        reply.RetryAfter!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    public static string Summary(IEnumerable<Outcome> replies) => string.Join(", ", replies
        .GroupBy(r => ((int)r.Answer.HttpStatus, r.Answer.Code))
        .Select(g => $"{g.Key.Item1}/{g.Key.Code}×{g.Count()}: {g.First().Answer.ErrorMessage}"));
}
