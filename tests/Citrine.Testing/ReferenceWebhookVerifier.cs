using System.Security.Cryptography;
using System.Text;

namespace Citrine.Testing;

/// <summary>
/// Verifies a delivered webhook exactly as docs/api-reference.md#webhook-signature describes it, deliberately without
/// Citrine's signing code: payload = BinancePay-Timestamp + "\n" + BinancePay-Nonce + "\n" + raw body + "\n" (UTF-8),
/// RSASSA-PKCS1-v1_5 with SHA-256, the signature base64-decoded, the public key = the certPublic (PEM) whose certSerial
/// equals BinancePay-Certificate-SN.
/// </summary>
public static class ReferenceWebhookVerifier
{
    public static bool Verifies(ReceivedRequest webhook, IEnumerable<(string Serial, string Pem)> certificates)
    {
        var serial = webhook.Header("BinancePay-Certificate-SN");
        var pem = certificates.Where(c => c.Serial == serial).Select(c => c.Pem).FirstOrDefault();
        var signature = webhook.Header("BinancePay-Signature");
        if (pem is null || signature is null)
        {
            return false;
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var payload = Encoding.UTF8.GetBytes(webhook.Header("BinancePay-Timestamp") + "\n"
            + webhook.Header("BinancePay-Nonce") + "\n" + webhook.BodyText + "\n");
        return rsa.VerifyData(payload, Convert.FromBase64String(signature), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
    }
}
