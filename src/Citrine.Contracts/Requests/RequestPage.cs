using System.Text.Json.Serialization;

namespace Citrine.Contracts.Requests;

/// <summary>A page of a merchant's request journal (Citrine-only; docs/observability.md#request-journal).</summary>
public sealed record RequestPage
{
    [JsonPropertyName("merchantId")] public required long MerchantId { get; init; }

    /// <summary>Newest first, or oldest first when the request gave <c>afterId</c>.</summary>
    [JsonPropertyName("entries")] public required IReadOnlyList<RequestEntry> Entries { get; init; }

    /// <summary>The <c>beforeId</c> of the next (older) page; null when this page is the last.</summary>
    [JsonPropertyName("nextBeforeId")] public long? NextBeforeId { get; init; }
}

/// <summary>
/// One merchant request as the journal recorded it: when, what, how it was answered and why. The body excerpt has
/// secrets removed (docs/observability.md#request-journal lists what is redacted).
/// </summary>
public sealed record RequestEntry
{
    [JsonPropertyName("entryId")] public required long EntryId { get; init; }

    /// <summary>When the request arrived, Unix milliseconds (server wall clock).</summary>
    [JsonPropertyName("atMs")] public required long AtMs { get; init; }

    [JsonPropertyName("method")] public required string Method { get; init; }

    [JsonPropertyName("path")] public required string Path { get; init; }

    [JsonPropertyName("httpStatus")] public required int HttpStatus { get; init; }

    /// <summary>The envelope's result code.</summary>
    [JsonPropertyName("code")] public required string Code { get; init; }

    [JsonPropertyName("latencyMs")] public required long LatencyMs { get; init; }

    /// <summary>The first rule the request broke (the envelope's <c>errorMessage</c>); null on success.</summary>
    [JsonPropertyName("rule")] public string? Rule { get; init; }

    /// <summary>The <c>BinancePay-Timestamp</c> header as sent.</summary>
    [JsonPropertyName("timestamp")] public string? Timestamp { get; init; }

    /// <summary><c>VALID</c>, <c>MALFORMED</c>, <c>OUTSIDE_WINDOW</c>, <c>SIGNED_BEFORE_RESTART</c>, or null when
    /// authentication stopped before the timestamp.</summary>
    [JsonPropertyName("timestampCheck")] public string? TimestampCheck { get; init; }

    /// <summary>The <c>BinancePay-Nonce</c> header as sent.</summary>
    [JsonPropertyName("nonce")] public string? Nonce { get; init; }

    /// <summary><c>VALID</c>, <c>MALFORMED</c>, <c>REPLAYED</c>, <c>NOT_RECORDED</c> (the signature failed), or
    /// null when authentication stopped before the nonce.</summary>
    [JsonPropertyName("nonceCheck")] public string? NonceCheck { get; init; }

    /// <summary><c>VALID</c>, <c>INVALID</c>, or null when authentication stopped before the signature.</summary>
    [JsonPropertyName("signatureCheck")] public string? SignatureCheck { get; init; }

    /// <summary>The start of the body with secrets removed; null for an empty body.</summary>
    [JsonPropertyName("bodyExcerpt")] public string? BodyExcerpt { get; init; }

    /// <summary>The body's full length in bytes.</summary>
    [JsonPropertyName("bodyBytes")] public required int BodyBytes { get; init; }
}
