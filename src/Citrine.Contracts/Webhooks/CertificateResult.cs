using System.Text.Json.Serialization;

namespace Citrine.Contracts.Webhooks;

/// <summary>One entry of <c>POST /binancepay/openapi/certificates</c>
/// (docs/api-reference.md#query-certificate).</summary>
public sealed record CertificateResult
{
    [JsonPropertyName("certSerial")] public required string CertSerial { get; init; }
    [JsonPropertyName("certPublic")] public required string CertPublic { get; init; }
}
