using System.Text.Json.Serialization;

namespace Citrine.Client.Sandbox;

/// <summary>What <see cref="SandboxClient.ArmFaultAsync"/> arms: a <see cref="Kind"/> from
/// <see cref="SandboxFaultKinds"/>, how many requests or webhook deliveries it hits, and the kind's own settings.
/// Citrine-only (docs/sandbox.md#fault-injection).</summary>
public sealed record SandboxFaultRequest
{
    /// <summary>One of <see cref="SandboxFaultKinds"/>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>How many requests (or webhook deliveries) the fault hits, 1 to 100; null means 1.</summary>
    [JsonPropertyName("count")] public int? Count { get; init; }

    /// <summary>Request faults only: the path to fault (for example <c>/binancepay/openapi/v2/order</c>); null
    /// faults every signed request of the merchant.</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }

    /// <summary><c>EXACT</c> (the default) or <c>PREFIX</c>.</summary>
    [JsonPropertyName("pathMatch")] public string? PathMatch { get; init; }

    /// <summary><see cref="SandboxFaultKinds.Status"/> only: 429, 500 or 503.</summary>
    [JsonPropertyName("httpStatus")] public int? HttpStatus { get; init; }

    /// <summary><see cref="SandboxFaultKinds.Status"/> with 429 or 503 only: a <c>Retry-After</c> header, 0 to 60
    /// seconds.</summary>
    [JsonPropertyName("retryAfterSeconds")] public int? RetryAfterSeconds { get; init; }

    /// <summary>The stall of a <see cref="SandboxFaultKinds.Stall"/> (at most 60 s) or the delay of a
    /// <see cref="SandboxFaultKinds.Delay"/> (at most 20 s), in milliseconds.</summary>
    [JsonPropertyName("durationMs")] public long? DurationMs { get; init; }
}

/// <summary>The fault kinds of <see cref="SandboxFaultRequest.Kind"/>.</summary>
public static class SandboxFaultKinds
{
    /// <summary>Answer HTTP 429, 500 or 503 in the Binance envelope (code 400000); the request is not processed.</summary>
    public const string Status = "STATUS";

    /// <summary>Wait, then process the request normally.</summary>
    public const string Stall = "STALL";

    /// <summary>Abort the connection without an answer; the request is not processed.</summary>
    public const string Drop = "DROP";

    /// <summary>Send the webhook twice.</summary>
    public const string Duplicate = "DUPLICATE";

    /// <summary>Wait before sending the webhook.</summary>
    public const string Delay = "DELAY";

    /// <summary>Hold the webhook back until the merchant's next one has been sent.</summary>
    public const string Reorder = "REORDER";
}
