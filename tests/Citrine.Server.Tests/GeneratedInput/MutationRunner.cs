using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>What the server answered to one <see cref="Mutation"/>, and what was wrong with it (null if
/// nothing).</summary>
internal sealed record Outcome(Mutation Mutation, int Status, bool Success, string? Problem, string Body)
{
    public override string ToString() =>
        $"{Problem} — HTTP {Status} {(Body.Length > 300 ? Body[..300] : Body)}\n    for {Mutation}";
}

/// <summary>
/// Sends mutations over real HTTP (signing merchant requests the way a Binance Pay client does, then applying the
/// header change) and judges each answer: no 5xx; JSON endpoints answer the Binance envelope with the HTTP status of
/// its code; pages answer an HTML page for every 4xx and an ASCII <c>Location</c> for every redirect; a mutation
/// that must be refused is refused.
/// </summary>
internal sealed class MutationRunner(HttpClient http, TestMerchant merchant, TestMerchant foreign)
{
    public async Task<Outcome> SendAsync(Mutation mutation, CancellationToken ct)
    {
        using var request = Build(mutation);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        if (status == 400 && body.Length == 0 && mutation.Path.Contains("%00", StringComparison.Ordinal))
        {
            // Kestrel refuses a NUL in the request target itself, before any middleware: no envelope or page is
            // possible there, and nothing can have been written.
            return new Outcome(mutation, status, Success: false, Problem: null, body);
        }

        var (success, problem) = mutation.IsPage
            ? JudgePage(mutation, response, status)
            : JudgeEnvelope(mutation, response, status, body);
        return new Outcome(mutation, status, success, problem, body);
    }

    private HttpRequestMessage Build(Mutation m)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, m.Path) { Content = new ByteArrayContent(m.Body) };
        var contentType = m.Tamper switch
        {
            HeaderTamper.ContentTypeText => "text/plain",
            HeaderTamper.ContentTypeLatin1 => "application/json; charset=iso-8859-1",
            HeaderTamper.ContentTypeMultipart => "multipart/form-data",
            HeaderTamper.ContentTypeGarbage => "application/json;;; =",
            HeaderTamper.ContentTypeCharsetQuoted => "application/json; charset=\"utf-8\"",
            HeaderTamper.ContentTypeMissing => null,
            _ => m.ContentType,
        };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (m.Sender == Sender.Admin)
        {
            if (m.Tamper != HeaderTamper.AdminTokenMissing)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                    m.Tamper == HeaderTamper.AdminTokenWrong ? "wrong-token" : TestServer.AdminTokenValue);
            }
        }
        else if (m.Sender == Sender.Merchant)
        {
            Sign(request, m);
        }

        return request;
    }

    private void Sign(HttpRequestMessage request, Mutation m)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var timestamp = m.Tamper switch
        {
            HeaderTamper.OldTimestamp => (now - 600_000).ToString(CultureInfo.InvariantCulture),
            HeaderTamper.FutureTimestamp => (now + 600_000).ToString(CultureInfo.InvariantCulture),
            HeaderTamper.TimestampText => "yesterday",
            HeaderTamper.TimestampHuge => "99999999999999999999",
            HeaderTamper.TimestampNegative => "-1",
            HeaderTamper.TimestampEmpty => "",
            HeaderTamper.TimestampFraction => now.ToString(CultureInfo.InvariantCulture) + ".5",
            _ => now.ToString(CultureInfo.InvariantCulture),
        };
        var nonce = m.Tamper switch
        {
            HeaderTamper.NonceEmpty => "",
            HeaderTamper.NonceShort => "abc",
            HeaderTamper.NonceLong => Nonce.Create() + Nonce.Create(),
            HeaderTamper.NonceSymbols => new string('!', 32),
            _ => Nonce.Create(),
        };
        var signed = m.Tamper == HeaderTamper.SignatureOfOtherBody ? "{\"other\":1}"u8.ToArray() : m.Body;
        var signature = RequestSigner.Sign(merchant.ApiSecret, timestamp, nonce, signed);
        signature = m.Tamper switch
        {
            HeaderTamper.BadSignature => new string('A', signature.Length),
            HeaderTamper.LowercaseSignature => signature.ToLowerInvariant(),
            _ => signature,
        };
        var certificate = m.Tamper switch
        {
            HeaderTamper.CertificateUnknown => "no-such-api-key",
            HeaderTamper.CertificateForeign => foreign.ApiKey,
            _ => merchant.ApiKey,
        };
        request.Headers.TryAddWithoutValidation(BinancePayHeaders.Timestamp, timestamp);
        request.Headers.TryAddWithoutValidation(BinancePayHeaders.Nonce, nonce);
        if (m.Tamper != HeaderTamper.CertificateMissing)
        {
            request.Headers.TryAddWithoutValidation(BinancePayHeaders.CertificateSn, certificate);
        }

        request.Headers.TryAddWithoutValidation(BinancePayHeaders.Signature, signature);
    }

    private static (bool Success, string? Problem) JudgeEnvelope(Mutation m, HttpResponseMessage response, int status,
        string body)
    {
        if (status >= 500)
        {
            return (false, "HTTP 5xx");
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return (false, "not JSON");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (false, "not JSON");
        }

        if (root.ValueKind != JsonValueKind.Object
            || root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray() is not
                ["code", "data", "errorMessage", "status"]
            || !root.GetProperty("code").ValueKind.Equals(JsonValueKind.String)
            || root.GetProperty("code").GetString() is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
        {
            return (false, "not the Binance envelope");
        }

        var success = root.GetProperty("status").GetString() switch
        {
            "SUCCESS" => true,
            "FAIL" => false,
            _ => (bool?)null,
        };
        if (success is null)
        {
            return (false, "envelope status is neither SUCCESS nor FAIL");
        }

        if (success.Value != (status == 200) || success.Value != (code == "000000"))
        {
            return (false, "envelope status, code and HTTP status disagree");
        }

        if (!success.Value && (root.GetProperty("errorMessage").ValueKind != JsonValueKind.String
                               || root.GetProperty("data").ValueKind != JsonValueKind.Null))
        {
            return (false, "a refusal without errorMessage, or with data");
        }

        return m.MustRefuse && success.Value ? (true, "accepted, but must be refused") : (success.Value, null);
    }

    private static (bool Success, string? Problem) JudgePage(Mutation m, HttpResponseMessage response, int status)
    {
        if (status >= 500)
        {
            return (false, "HTTP 5xx");
        }

        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return (false, "a refused form without an HTML page");
        }

        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.OriginalString;
            if (string.IsNullOrEmpty(location) || !location.All(c => c is > ' ' and < '\u007f'))
            {
                return (false, "a redirect without an ASCII Location");
            }
        }

        if (m.MustRefuse && status is not (400 or 404))
        {
            return (true, "must be refused with a 400 (or 404) page");
        }

        return (status < 400, null);
    }
}
