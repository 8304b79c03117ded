using System.Security.Cryptography;
using System.Text;

namespace Citrine.Contracts.Signing;

/// <summary>
/// HMAC-SHA512 request signatures (docs/api-reference.md#signature-payload): key = the API secret's UTF-8 bytes,
/// message = the signature payload, output upper-case hex. The same code signs in the SDK and verifies on the server.
/// </summary>
public static class RequestSigner
{
    /// <summary>Length of a signature in hex characters (SHA-512 = 64 bytes).</summary>
    public const int SignatureHexLength = 128;

    /// <summary>Signs a request and returns the upper-case hex signature.</summary>
    public static string Sign(string apiSecret, string timestamp, string nonce, ReadOnlySpan<byte> rawBody)
    {
        var mac = ComputeMac(apiSecret, timestamp, nonce, rawBody);
        return Convert.ToHexString(mac);
    }

    /// <summary>Signs a request whose body is text (encoded as UTF-8, exactly as it will be sent).</summary>
    public static string Sign(string apiSecret, string timestamp, string nonce, string body) =>
        Sign(apiSecret, timestamp, nonce, Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// Verifies a hex signature in constant time. Lower-case hex is accepted unless <paramref name="strictUpperCase"/>
    /// is set (docs/decisions.md#signature-hex-case).
    /// </summary>
    public static bool Verify(
        string apiSecret, string timestamp, string nonce, ReadOnlySpan<byte> rawBody, string signature,
        bool strictUpperCase = false)
    {
        if (signature.Length != SignatureHexLength)
        {
            return false;
        }

        if (strictUpperCase && signature.Any(char.IsLower))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[SignatureHexLength / 2];
        if (Convert.FromHexString(signature, presented, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != presented.Length)
        {
            return false;
        }

        var expected = ComputeMac(apiSecret, timestamp, nonce, rawBody);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    private static byte[] ComputeMac(string apiSecret, string timestamp, string nonce, ReadOnlySpan<byte> rawBody)
    {
        var payload = SignaturePayload.Build(timestamp, nonce, rawBody);
        return HMACSHA512.HashData(Encoding.UTF8.GetBytes(apiSecret), payload);
    }
}
