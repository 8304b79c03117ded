using System.Security.Cryptography;
using System.Text;

namespace Citrine.Contracts.Signing;

/// <summary>
/// Webhook signatures (docs/api-reference.md#webhook-signature): RSASSA-PKCS1-v1_5 with SHA-256 over
/// <c>timestamp\nnonce\nbody\n</c>, base64-encoded, with the certificate's serial in <c>BinancePay-Certificate-SN</c>.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Signs a webhook body and returns the base64 signature.</summary>
    public static string Sign(RSA privateKey, string timestamp, string nonce, ReadOnlySpan<byte> rawBody)
    {
        var payload = SignaturePayload.Build(timestamp, nonce, rawBody);
        return Convert.ToBase64String(privateKey.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Verifies a base64 signature with a public key in PEM (SubjectPublicKeyInfo) form.</summary>
    public static bool Verify(string publicKeyPem, string timestamp, string nonce, ReadOnlySpan<byte> rawBody,
        string signatureBase64)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return Verify(rsa, timestamp, nonce, rawBody, signatureBase64);
    }

    /// <summary>Verifies a base64 signature with an imported RSA public key.</summary>
    public static bool Verify(RSA publicKey, string timestamp, string nonce, ReadOnlySpan<byte> rawBody,
        string signatureBase64)
    {
        var signature = new byte[signatureBase64.Length];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out var length))
        {
            return false;
        }

        var payload = SignaturePayload.Build(timestamp, nonce, rawBody);
        return publicKey.VerifyData(payload, signature.AsSpan(0, length), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// The certificate serial Citrine publishes: upper-case hex MD5 of the PEM text
    /// (docs/api-reference.md#webhook-signature leaves the derivation open; this matches the Rust SDK's test data). MD5
    /// is an identifier here, not a security measure.
    /// </summary>
    public static string SerialOf(string publicKeyPem)
    {
#pragma warning disable CA5351 // The documented serial is an MD5 hash; it names a key, it does not protect one.
        return Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(publicKeyPem.Trim())));
#pragma warning restore CA5351
    }
}
