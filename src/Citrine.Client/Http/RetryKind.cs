namespace Citrine.Client.Http;

/// <summary>How safely a call may be sent again after an attempt whose fate is unknown.</summary>
internal enum RetryKind
{
    /// <summary>Reads (queries, certificates): always safe to repeat.</summary>
    Read,

    /// <summary>Writes keyed by the merchant (merchantTradeNo, refundRequestId, merchantRequestId): a repeat cannot
    /// act twice, the server recognises the key.</summary>
    Keyed,

    /// <summary>Writes without a documented key: repeated only when the request surely never reached the server
    /// (connection refused, name not resolved) or the server said it did not take it (429, 503).</summary>
    Unkeyed,
}
