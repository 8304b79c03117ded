namespace Citrine.Application.Requests;

/// <summary>
/// What <see cref="Auth.RequestAuthenticator"/> found out about a signed request, check by check, even when it refused
/// it: the merchant its API key names, and how the timestamp, the nonce and the signature fared. The request journal
/// records it (docs/observability.md#request-journal); a check the authenticator did not reach stays null.
/// </summary>
public sealed class AuthTrace
{
    /// <summary>The merchant the API key belongs to (a revoked key and a disabled merchant included); null when the
    /// key is malformed or unknown.</summary>
    public long? MerchantId { get; set; }

    /// <summary><see cref="CheckResults.Valid"/>, <see cref="CheckResults.Malformed"/>,
    /// <see cref="CheckResults.OutsideWindow"/> or <see cref="CheckResults.BeforeRestart"/>.</summary>
    public string? Timestamp { get; set; }

    /// <summary><see cref="CheckResults.Valid"/> (well-formed and first use), <see cref="CheckResults.Malformed"/>,
    /// <see cref="CheckResults.Replayed"/>, or <see cref="CheckResults.Unused"/> (well-formed, but the signature
    /// failed so it was not recorded).</summary>
    public string? Nonce { get; set; }

    /// <summary><see cref="CheckResults.Valid"/> or <see cref="CheckResults.Invalid"/>.</summary>
    public string? Signature { get; set; }
}

/// <summary>The values of <see cref="AuthTrace"/>'s checks, as the journal shows them.</summary>
public static class CheckResults
{
    public const string Valid = "VALID";
    public const string Invalid = "INVALID";
    public const string Malformed = "MALFORMED";
    public const string OutsideWindow = "OUTSIDE_WINDOW";
    public const string BeforeRestart = "SIGNED_BEFORE_RESTART";
    public const string Replayed = "REPLAYED";
    public const string Unused = "NOT_RECORDED";
}
