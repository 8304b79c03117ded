namespace Citrine.Client;

/// <summary>
/// Optional settings of a <see cref="CitrineClient"/>. The client copies them when it is built, so changing an options
/// object afterwards does not change a client.
/// </summary>
public sealed class CitrineClientOptions
{
    /// <summary>How many times a failed call is tried again (0 = never). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; each further retry doubles it, up to <see cref="RetryDelayMax"/>, and a
    /// random jitter of up to half the delay is taken off. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between two attempts, also the cap on a server's <c>Retry-After</c>. Default 8 s.</summary>
    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Time limit of one attempt; an attempt that exceeds it counts as failed (and may be retried). Default
    /// 30 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> to send with (for example one from <c>IHttpClientFactory</c>). Its
    /// own <c>Timeout</c> and base address are not used. When null, the clients share one pooled instance.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Clock of the <c>BinancePay-Timestamp</c> header and of retry delays. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// A technical service provider's authorisation token: when set, every call carries it in the
    /// <c>BinancePay-Authorization-Token</c> header and acts for the merchant that granted it, within its scopes
    /// (Citrine's mechanism, docs/compatibility.md#technical-service-providers). The calls are still signed with the
    /// provider's own key. Default: null (the caller acts for itself).
    /// </summary>
    public string? AuthorizationToken { get; set; }
}
