using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Otc;

/// <summary>Convert pairs (<c>POST /binancepay/openapi/otc-portal/get-to-selector</c>,
/// docs/api-reference.md#convert): what <c>fromAsset</c> (upper case) converts to.</summary>
public sealed record ConvertSelectorRequest
{
    [JsonPropertyName("fromAsset")] public required string FromAsset { get; init; }
}

/// <summary>Convert quote (<c>POST /binancepay/openapi/otc-portal/get-quote</c>): give exactly one of
/// <see cref="FromAmount"/> and <see cref="ToAmount"/> (at most 8 decimals); the other is left out (null).</summary>
public sealed record ConvertQuoteRequest
{
    /// <summary><c>FUNDING_WALLET</c> or <c>SPOT_WALLET</c>: the wallet debited and credited on execution.</summary>
    [JsonPropertyName("wallet")] public required string Wallet { get; init; }
    [JsonPropertyName("fromAsset")] public required string FromAsset { get; init; }
    [JsonPropertyName("toAsset")] public required string ToAsset { get; init; }
    [JsonPropertyName("fromAmount")] public decimal? FromAmount { get; init; }
    [JsonPropertyName("toAmount")] public decimal? ToAmount { get; init; }
}

/// <summary>Execute a quote (<c>POST /binancepay/openapi/otc-portal/execute-quote</c>): at most once, before it
/// expires.</summary>
public sealed record ConvertExecuteRequest
{
    [JsonPropertyName("quoteId")] public required string QuoteId { get; init; }
}

/// <summary>Query a convert trade order (<c>POST /binancepay/openapi/otc-portal/query-trade-order</c>) by the
/// <c>orderId</c> execute-quote answered; sent as a string, a number is accepted too.</summary>
public sealed record ConvertTradeQueryRequest
{
    [JsonPropertyName("orderId")][JsonConverter(typeof(FlexibleStringConverter))] public required string OrderId { get; init; }
}
