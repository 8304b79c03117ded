using System.Text.Json.Serialization;

namespace Citrine.Contracts;

/// <summary>The Binance Pay envelope, <c>{status, code, data, errorMessage}</c>, that wraps every answer.</summary>
public sealed record BinanceResponse<T>
{
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("data")]
    public T? Data { get; init; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }
}

/// <summary>Constants of the envelope.</summary>
public static class BinanceStatus
{
    public const string Success = "SUCCESS";
    public const string Fail = "FAIL";

    /// <summary>The status of a replayed idempotent request (code <c>000001</c>).</summary>
    public const string RepeatRequestSuccess = "REPEAT_REQ_SUCCESS";
}
