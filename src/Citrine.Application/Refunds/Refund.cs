namespace Citrine.Application.Refunds;

/// <summary>
/// A refund as stored (docs/api-reference.md#refunds). Amounts are integer units of 1e-8 of the order currency; "after"
/// amounts are the order's totals including this refund at the time it was accepted, as Binance's <c>refundedAmount</c>
/// is.
/// </summary>
public sealed record Refund
{
    public required long RefundId { get; init; }
    public required long MerchantId { get; init; }
    public required string RefundRequestId { get; init; }
    public required long PrepayId { get; init; }

    /// <summary>The request's fields that must match on a replay of the same <c>refundRequestId</c>.</summary>
    public required string Fingerprint { get; init; }

    public required long RefundUnits { get; init; }
    public required long RefundedUnitsAfter { get; init; }
    public required long RefundCommissionUnits { get; init; }
    public required long RefundedCommissionAfter { get; init; }
    public required int RemainingAttempts { get; init; }
    public string? RefundReason { get; init; }
    public string? WebhookUrl { get; init; }
    public required string Status { get; init; }
    public required long CreatedAtMs { get; init; }
    public long? SettledAtMs { get; init; }
}

/// <summary>What the merchant asked for: the idempotency key and the fields a replay must repeat.</summary>
public sealed record RefundRequest(long MerchantId, string RefundRequestId, long PrepayId, long AmountUnits,
    string? RefundReason, string? WebhookUrl)
{
    public string Fingerprint => string.Join('\u001f', PrepayId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AmountUnits.ToString(System.Globalization.CultureInfo.InvariantCulture), RefundReason ?? "", WebhookUrl ?? "");
}
