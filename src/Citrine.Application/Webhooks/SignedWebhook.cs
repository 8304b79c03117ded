using System.Globalization;
using Citrine.Contracts.Signing;

namespace Citrine.Application.Webhooks;

/// <summary>
/// A webhook ready to send: the event's body and the four <c>BinancePay-*</c> headers
/// (docs/api-reference.md#webhook-signature). The body is the same on every attempt; timestamp, nonce and signature are
/// made fresh for each attempt, as a receiver that checks the timestamp's age expects.
/// </summary>
public sealed record SignedWebhook(byte[] Body, string Timestamp, string Nonce, string Signature, string CertSerial)
{
    public static SignedWebhook Create(WebhookEventRecord webhookEvent, SigningKey key, long nowMs)
    {
        var body = webhookEvent.Body();
        var timestamp = nowMs.ToString(CultureInfo.InvariantCulture);
        var nonce = Contracts.Signing.Nonce.Create();
        return new SignedWebhook(body, timestamp, nonce, key.Sign(timestamp, nonce, body), key.CertSerial);
    }

    /// <summary>The headers as name/value pairs, in the documented names.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers() =>
    [
        new(BinancePayHeaders.Timestamp, Timestamp),
        new(BinancePayHeaders.Nonce, Nonce),
        new(BinancePayHeaders.Signature, Signature),
        new(BinancePayHeaders.CertificateSn, CertSerial),
    ];
}
