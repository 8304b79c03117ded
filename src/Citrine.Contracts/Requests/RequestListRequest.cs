using System.Text.Json.Serialization;

namespace Citrine.Contracts.Requests;

/// <summary>
/// Citrine-only (not part of Binance Pay): which entries of the calling merchant's request journal
/// <c>POST /sandbox/requests/list</c> answers (docs/sandbox.md#request-journal). Without a cursor, the newest first;
/// <see cref="BeforeId"/> pages further back, <see cref="AfterId"/> reads forward, oldest first (a tail).
/// </summary>
public sealed record RequestListRequest
{
    /// <summary>Only entries answered with this result code (for example <c>400002</c>).</summary>
    [JsonPropertyName("code")] public string? Code { get; init; }

    /// <summary>Only entries of this exact path (for example <c>/binancepay/openapi/v3/order</c>).</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }

    /// <summary>Only entries received at or after this time (Unix milliseconds).</summary>
    [JsonPropertyName("sinceMs")] public long? SinceMs { get; init; }

    /// <summary>Entries with a smaller id, newest first: the <see cref="RequestPage.NextBeforeId"/> of the previous
    /// page.</summary>
    [JsonPropertyName("beforeId")] public long? BeforeId { get; init; }

    /// <summary>Entries with a greater id, oldest first; wins over <see cref="BeforeId"/>.</summary>
    [JsonPropertyName("afterId")] public long? AfterId { get; init; }

    /// <summary>At most this many entries (1 to 200; default 50).</summary>
    [JsonPropertyName("limit")] public int? Limit { get; init; }
}
