using Citrine.Contracts.Signing;

namespace Citrine.Client;

/// <summary>The four signature headers of a webhook (docs/api-reference.md#webhook-signature).</summary>
/// <param name="Timestamp"><c>BinancePay-Timestamp</c>.</param>
/// <param name="Nonce"><c>BinancePay-Nonce</c>.</param>
/// <param name="Signature"><c>BinancePay-Signature</c>, base64.</param>
/// <param name="CertificateSerial"><c>BinancePay-Certificate-SN</c>: the <c>certSerial</c> of the signing key.</param>
public sealed record WebhookHeaders(string? Timestamp, string? Nonce, string? Signature, string? CertificateSerial)
{
    /// <summary>Reads the headers through a lookup by name (header names are case-insensitive in HTTP; the lookup
    /// must be too).</summary>
    public static WebhookHeaders From(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new WebhookHeaders(header(BinancePayHeaders.Timestamp), header(BinancePayHeaders.Nonce),
            header(BinancePayHeaders.Signature), header(BinancePayHeaders.CertificateSn));
    }
}
