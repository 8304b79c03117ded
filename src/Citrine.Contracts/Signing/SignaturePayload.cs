using System.Text;

namespace Citrine.Contracts.Signing;

/// <summary>
/// The string both request HMACs and webhook RSA signatures cover: <c>timestamp\nnonce\nbody\n</c>, with the trailing
/// LF that the Binance FAQ insists on (docs/api-reference.md#signature-payload). The body is the raw bytes as sent,
/// never a re-serialisation.
/// </summary>
public static class SignaturePayload
{
    /// <summary>Builds the payload bytes from the header strings and the raw body bytes.</summary>
    public static byte[] Build(string timestamp, string nonce, ReadOnlySpan<byte> rawBody)
    {
        var prefixLength = Encoding.UTF8.GetByteCount(timestamp) + Encoding.UTF8.GetByteCount(nonce) + 2;
        var payload = new byte[prefixLength + rawBody.Length + 1];
        var written = Encoding.UTF8.GetBytes(timestamp, payload);
        payload[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(nonce, payload.AsSpan(written));
        payload[written++] = (byte)'\n';
        rawBody.CopyTo(payload.AsSpan(written));
        payload[^1] = (byte)'\n';
        return payload;
    }

    /// <summary>The payload as text, for diagnostics (the signature doctors print it).</summary>
    public static string BuildText(string timestamp, string nonce, string body) => $"{timestamp}\n{nonce}\n{body}\n";
}
