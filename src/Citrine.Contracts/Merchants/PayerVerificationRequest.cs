using System.Text.Json.Serialization;

namespace Citrine.Contracts.Merchants;

/// <summary>Payer verification (<c>POST /binancepay/openapi/order/payer/verification</c>,
/// docs/api-reference.md#payer-verification): does the payer's KYC data match what the merchant holds? The answer's
/// <c>data</c> is a boolean.</summary>
public sealed record PayerVerificationRequest
{
    /// <summary>The payer's Binance ID (current document revision).</summary>
    [JsonPropertyName("binanceId")] public string? BinanceId { get; init; }

    /// <summary>The payer's Pay ID (the older revision's name); give this or <see cref="BinanceId"/>.</summary>
    [JsonPropertyName("accountId")] public string? AccountId { get; init; }

    /// <summary><c>INDIVIDUAL</c> or <c>CORPORATE</c>.</summary>
    [JsonPropertyName("payerType")] public required string PayerType { get; init; }

    /// <summary>The items to compare.</summary>
    [JsonPropertyName("information")] public IReadOnlyList<PayerInformation>? Information { get; init; }

    /// <summary>Citrine extension: a PAID order of the caller this payer must have paid.</summary>
    [JsonPropertyName("prepayId")] public string? PrepayId { get; init; }

    /// <summary>Citrine extension: the same order named by its merchantTradeNo.</summary>
    [JsonPropertyName("merchantTradeNo")] public string? MerchantTradeNo { get; init; }
}

/// <summary>One item to verify: <c>FIRST_NAME</c>, <c>LAST_NAME</c>, <c>DATE_OF_BIRTH</c> (<c>YYYY-MM-DD</c>),
/// <c>NATIONALITY</c> (ISO-2), ….</summary>
public sealed record PayerInformation
{
    [JsonPropertyName("category")] public required string Category { get; init; }
    [JsonPropertyName("value")] public required string Value { get; init; }
}
