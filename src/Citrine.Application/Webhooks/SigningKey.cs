using System.Collections.Concurrent;
using System.Security.Cryptography;
using Citrine.Contracts.Signing;

namespace Citrine.Application.Webhooks;

/// <summary>
/// The decrypted current signing key. An <see cref="RSA"/> instance signs for one caller at a time: idle instances are
/// kept and reused, because importing the PKCS#8 key cost nearly as much as the signature itself (the profile is in
/// docs/performance.md#webhook-dispatch).
/// </summary>
public sealed class SigningKey(long keyId, string certSerial, byte[] pkcs8PrivateKey)
{
    /// <summary>Most idle instances kept: more than the cores that can sign at once.</summary>
    private static readonly int IdleMax = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentBag<RSA> _idle = [];

    public long KeyId { get; } = keyId;

    /// <summary>The value of <c>BinancePay-Certificate-SN</c> and of <c>certSerial</c> in <c>/certificates</c>.</summary>
    public string CertSerial { get; } = certSerial;

    /// <summary>Base64 SHA256withRSA (PKCS#1 v1.5) over <c>timestamp\nnonce\nbody\n</c>
    /// (docs/api-reference.md#webhook-signature).</summary>
    public string Sign(string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        if (!_idle.TryTake(out var rsa))
        {
            rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        }

        try
        {
            return WebhookSignature.Sign(rsa, timestamp, nonce, body);
        }
        finally
        {
            if (_idle.Count < IdleMax)
            {
                _idle.Add(rsa);
            }
            else
            {
                rsa.Dispose();
            }
        }
    }
}
