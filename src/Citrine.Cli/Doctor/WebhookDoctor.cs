using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Citrine.Client;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;

namespace Citrine.Cli.Doctor;

/// <summary>
/// The webhook signature doctor: verifies a captured webhook (docs/api-reference.md#webhook-signature) and, when it
/// fails, names the usual mistake — the body re-serialised, <c>bizId</c> rounded by a double parser, an HMAC where an
/// RSA signature belongs, the wrong certificate.
/// </summary>
public static partial class WebhookDoctor
{
    // Above 2^53 a double (a JavaScript Number) cannot hold every integer; 17 digits are always past it.
    private const int RoundingProneDigits = 17;

    public static SignatureReport Examine(byte[] body, WebhookHeaders headers, IReadOnlyList<CertificateResult> certificates)
    {
        var signed = Encoding.UTF8.GetString(SignaturePayload.Build(headers.Timestamp ?? "", headers.Nonce ?? "", body));
        var findings = new List<string>();
        if (string.IsNullOrEmpty(headers.Timestamp) || string.IsNullOrEmpty(headers.Nonce)
            || string.IsNullOrEmpty(headers.Signature))
        {
            findings.Add("A BinancePay-Timestamp, -Nonce or -Signature header is missing.");
            return new SignatureReport(false, signed, null, findings);
        }

        var chosen = certificates.FirstOrDefault(c =>
            string.Equals(c.CertSerial, headers.CertificateSerial, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null && Verifies(chosen, headers, body))
        {
            return new SignatureReport(true, signed, null, findings);
        }

        if (IsHmacHex(headers.Signature))
        {
            findings.Add("The signature is 128 hex characters: that is an HMAC-SHA512 (the request signature). "
                         + "Webhooks are signed with RSA (SHA256withRSA, base64) and checked with the public key "
                         + "from /certificates, never with the API secret.");
        }

        findings.AddRange(CertificateFindings(chosen, headers, body, certificates));
        foreach (var (name, variant) in BodyVariants.Of(body))
        {
            if (certificates.Any(c => Verifies(c, headers, variant)))
            {
                findings.Add($"Body re-serialised: the signature matches the body {name}. Verify the raw request "
                             + "bytes as received, before any JSON parsing or formatting.");
                break;
            }
        }

        findings.AddRange(BizIdFindings(body));
        if (findings.Count == 0)
        {
            findings.Add("No usual mistake reproduces the signature: the body, timestamp or nonce differ from what was "
                         + "signed, or the webhook was not signed by this service.");
        }

        return new SignatureReport(false, signed, null, findings);
    }

    private static IEnumerable<string> CertificateFindings(CertificateResult? chosen, WebhookHeaders headers,
        byte[] body, IReadOnlyList<CertificateResult> certificates)
    {
        if (chosen is null)
        {
            var known = certificates.Count == 0 ? "none" : string.Join(", ", certificates.Select(c => c.CertSerial));
            yield return $"Wrong certificate: BinancePay-Certificate-SN is {headers.CertificateSerial ?? "(missing)"} "
                         + $"but the certificates have serial(s) {known}.";
        }

        var other = certificates.FirstOrDefault(c => c != chosen && Verifies(c, headers, body));
        if (other is not null)
        {
            yield return $"The signature verifies with certificate {other.CertSerial}, not with the one the "
                         + "BinancePay-Certificate-SN header names: pick the key by that header.";
        }
    }

    private static IEnumerable<string> BizIdFindings(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var bizId = BizIdPattern().Match(text);
        if (!bizId.Success)
        {
            yield break;
        }

        var digits = bizId.Groups[1].Value;
        var bizIdStr = BizIdStrPattern().Match(text);
        if (bizIdStr.Success && bizIdStr.Groups[1].Value != digits)
        {
            yield return $"bizId {digits} differs from bizIdStr {bizIdStr.Groups[1].Value}: a JSON number parser "
                         + "rounded bizId (a double or JavaScript Number keeps about 16 digits). Keep the raw text.";
        }
        else if (digits.Length >= RoundingProneDigits
                 && (IsDoubleRoundTrip(digits) || digits.EndsWith("000", StringComparison.Ordinal)))
        {
            yield return $"bizId {digits} has {digits.Length} digits ending in zeros: it looks rounded by a double "
                         + "or JavaScript Number parser (29383937493038367292 becomes 29383937493038367000). Ids this "
                         + "long must be kept as text and the signature checked on the raw bytes; read bizIdStr.";
        }
    }

    // True when the digits are what a double prints for itself, as JavaScript's Number does: the shortest
    // round-trip digits padded with zeros (29383937493038367292 becomes 29383937493038367000).
    private static bool IsDoubleRoundTrip(string digits)
    {
        if (!BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var exact))
        {
            return false;
        }

        var shortest = ((double)exact).ToString("E16", CultureInfo.InvariantCulture);
        var roundTrip = ((double)exact).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = roundTrip.Split('E')[0].Replace(".", "", StringComparison.Ordinal);
        var exponent = int.Parse(shortest.Split('E')[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return exponent + 1 >= mantissa.Length && mantissa.PadRight(exponent + 1, '0') == digits;
    }

    private static bool Verifies(CertificateResult certificate, WebhookHeaders headers, byte[] body)
    {
        try
        {
            return WebhookSignature.Verify(certificate.CertPublic, headers.Timestamp!, headers.Nonce!, body,
                headers.Signature!);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsHmacHex(string signature) =>
        signature.Length == Contracts.Signing.RequestSigner.SignatureHexLength && signature.All(char.IsAsciiHexDigit);

    [GeneratedRegex("\"bizId\"\\s*:\\s*(\\d+)")]
    private static partial Regex BizIdPattern();

    [GeneratedRegex("\"bizIdStr\"\\s*:\\s*\"(\\d+)\"")]
    private static partial Regex BizIdStrPattern();
}
