using System.Security.Cryptography;
using Citrine.Contracts.Signing;

namespace Citrine.Application.Webhooks;

/// <summary>The decrypted current signing key. A fresh <see cref="RSA"/> per signature keeps it thread-safe.</summary>
public sealed class SigningKey(long keyId, string certSerial, byte[] pkcs8PrivateKey)
{
    public long KeyId { get; } = keyId;

    /// <summary>The value of <c>BinancePay-Certificate-SN</c> and of <c>certSerial</c> in <c>/certificates</c>.</summary>
    public string CertSerial { get; } = certSerial;

    /// <summary>Base64 SHA256withRSA (PKCS#1 v1.5) over <c>timestamp\nnonce\nbody\n</c>
    /// (docs/api-reference.md#webhook-signature).</summary>
    public string Sign(string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        return WebhookSignature.Sign(rsa, timestamp, nonce, body);
    }
}
