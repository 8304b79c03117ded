namespace Citrine.Application.Sandbox.Faults;

/// <summary>The kinds of fault a merchant can arm (docs/sandbox.md#fault-injection): three on its requests, three on
/// its webhook deliveries. The names are the wire values and the stored ones.</summary>
public static class FaultKinds
{
    /// <summary>Answer an HTTP 429, 500 or 503 in the Binance envelope instead of processing the request.</summary>
    public const string Status = "STATUS";

    /// <summary>Wait, then process the request normally.</summary>
    public const string Stall = "STALL";

    /// <summary>Abort the connection without an answer; the request is not processed.</summary>
    public const string Drop = "DROP";

    /// <summary>Send the webhook twice.</summary>
    public const string Duplicate = "DUPLICATE";

    /// <summary>Wait before sending the webhook.</summary>
    public const string Delay = "DELAY";

    /// <summary>Hold the webhook back until the merchant's next one is sent.</summary>
    public const string Reorder = "REORDER";

    public static IReadOnlyList<string> All { get; } = [Status, Stall, Drop, Duplicate, Delay, Reorder];

    public static bool IsWebhook(string kind) => kind is Duplicate or Delay or Reorder;
}

/// <summary>How a request fault's <c>path</c> selects requests.</summary>
public static class PathMatches
{
    /// <summary>Every signed request of the merchant (no path).</summary>
    public const string All = "ALL";

    /// <summary>The request path equals <c>path</c> (ASCII case ignored, as routing does).</summary>
    public const string Exact = "EXACT";

    /// <summary>The request path starts with <c>path</c>.</summary>
    public const string Prefix = "PREFIX";

    public static IReadOnlyList<string> Named { get; } = [Exact, Prefix];
}

/// <summary>
/// One armed rule: the merchant's next <see cref="Count"/> matching requests (or webhook deliveries) get the fault;
/// <see cref="Remaining"/> is how many are left, consumed one at a time by the database.
/// </summary>
public sealed record FaultRule
{
    public long FaultId { get; init; }

    public required long MerchantId { get; init; }

    /// <summary>One of <see cref="FaultKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>One of <see cref="PathMatches"/>; always <see cref="PathMatches.All"/> for webhook faults.</summary>
    public string PathMatch { get; init; } = PathMatches.All;

    public string? Path { get; init; }

    /// <summary>429, 500 or 503 for <see cref="FaultKinds.Status"/>.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The stall (<see cref="FaultKinds.Stall"/>) or the delay (<see cref="FaultKinds.Delay"/>).</summary>
    public long? DurationMs { get; init; }

    /// <summary>A <c>Retry-After</c> header (seconds) on a 429 or 503 answer, when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public required int Count { get; init; }

    public int Remaining { get; init; }

    public long CreatedAtMs { get; init; }

    public bool IsWebhook => FaultKinds.IsWebhook(Kind);

    /// <summary>Whether a request to <paramref name="requestPath"/> is one this rule faults.</summary>
    public bool Matches(string requestPath) => !IsWebhook && PathMatch switch
    {
        PathMatches.Exact => string.Equals(requestPath, Path, StringComparison.OrdinalIgnoreCase),
        PathMatches.Prefix => Path is not null && requestPath.StartsWith(Path, StringComparison.OrdinalIgnoreCase),
        _ => true,
    };
}
