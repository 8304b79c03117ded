using System.Security.Cryptography;
using System.Text;
using Citrine.Contracts.Signing;

namespace Citrine.Cli.Doctor;

/// <summary>
/// The 400002 doctor: recomputes a request's HMAC-SHA512 (docs/api-reference.md#signature-payload) and, when it does
/// not match the signature a client sent, tries the usual mistakes one by one to name the one that reproduces it.
/// </summary>
public static class RequestSignatureDoctor
{
    public static SignatureReport Examine(string secret, string timestamp, string nonce, byte[] body, string? expected)
    {
        var computed = RequestSigner.Sign(secret, timestamp, nonce, body);
        var signed = Encoding.UTF8.GetString(SignaturePayload.Build(timestamp, nonce, body));
        var findings = new List<string>();
        if (timestamp.Length == 10)
        {
            findings.Add("The timestamp has 10 digits: it looks like seconds. Binance wants milliseconds (else 400003).");
        }

        if (expected is null)
        {
            return new SignatureReport(true, signed, computed, findings);
        }

        expected = expected.Trim();
        if (expected == computed)
        {
            return new SignatureReport(true, signed, computed, findings);
        }

        if (string.Equals(expected, computed, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add("The signature matches but is lower-case hex; Binance documents upper case (Citrine accepts "
                         + "lower case unless StrictSignatureCase is on).");
            return new SignatureReport(true, signed, computed, findings);
        }

        findings.AddRange(Explain(secret, timestamp, nonce, body, expected));
        return new SignatureReport(false, signed, computed, findings);
    }

    private static IEnumerable<string> Explain(string secret, string timestamp, string nonce, byte[] body, string expected)
    {
        if (expected.Length != RequestSigner.SignatureHexLength || !expected.All(char.IsAsciiHexDigit))
        {
            yield return IsBase64(expected)
                ? $"The signature is base64 ({expected.Length} characters), not hex: requests are signed with "
                  + "HMAC-SHA512 as 128 upper-case hex characters (base64 RSA signatures are for webhooks)."
                : $"The signature has {expected.Length} characters; an HMAC-SHA512 hex signature has 128.";
        }

        var payload = SignaturePayload.Build(timestamp, nonce, body);
        var withoutNewline = payload.AsSpan(0, payload.Length - 1).ToArray();
        if (Matches(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), withoutNewline), expected))
        {
            yield return "Trailing newline missing: the client signed \"timestamp\\nnonce\\nbody\" without the final "
                         + "\\n after the body. The payload must end with a newline (reference §1.3).";
            yield break;
        }

        if (Matches(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload), expected))
        {
            yield return "The client used HMAC-SHA256; Binance Pay requires HMAC-SHA512.";
            yield break;
        }

        foreach (var (name, variant) in BodyVariants.Of(body))
        {
            if (RequestSigner.Verify(secret, timestamp, nonce, variant, expected))
            {
                yield return $"Body re-serialised: the signature matches the body {name}. Sign the exact bytes you "
                             + "send, and send the exact bytes you signed.";
                yield break;
            }
        }

        yield return "No usual mistake reproduces the signature: most likely the secret is wrong (check it belongs to "
                     + "the API key sent), or the timestamp/nonce given here differ from the headers that were sent.";
    }

    private static bool Matches(byte[] mac, string expected) =>
        string.Equals(Convert.ToHexString(mac), expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsBase64(string text) =>
        text.Length % 4 == 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
