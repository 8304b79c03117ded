using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Citrine.Client;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;

namespace Citrine.Cli.Doctor;

/// <summary>
/// The webhook signature doctor: verifies a captured webhook (reference §2.2) and, when it fails, names the usual
/// mistake — the body re-serialised, <c>bizId</c> rounded by a double parser, an HMAC where an RSA signature belongs,
/// the wrong certificate.
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
        else if (digits.Length >= RoundingProneDigits && digits.EndsWith("00", StringComparison.Ordinal)
                 && IsDoubleRoundTrip(digits))
        {
            yield return $"bizId {digits} has {digits.Length} digits and ends in zeros: it looks rounded by a double "
                         + "or JavaScript Number parser. Ids this long must be kept as text; read bizIdStr instead.";
        }
    }

    // True when the digits are exactly what a double prints for itself (what a rounding parser leaves behind).
    private static bool IsDoubleRoundTrip(string digits) =>
        BigInteger.TryParse(digits, out var exact) && new BigInteger((double)exact) == exact;

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
