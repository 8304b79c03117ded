namespace Citrine.Contracts.Signing;

/// <summary>Header names of signed requests and webhooks (docs/api-reference.md#signed-request-headers,
/// #webhook-signature). HTTP treats them case-insensitively.</summary>
public static class BinancePayHeaders
{
    public const string Timestamp = "BinancePay-Timestamp";
    public const string Nonce = "BinancePay-Nonce";
    public const string CertificateSn = "BinancePay-Certificate-SN";
    public const string Signature = "BinancePay-Signature";
}
