using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Wallets;

/// <summary>Transfer Fund (<c>POST /binancepay/openapi/wallet/transfer</c>, docs/api-reference.md#transfer-fund).
/// <c>requestId</c> is the idempotency key and becomes the <c>tranId</c>; <c>amount</c> is a string on the wire.</summary>
public sealed record TransferFundRequest
{
    [JsonPropertyName("requestId")] public required string RequestId { get; init; }
    [JsonPropertyName("currency")] public required string Currency { get; init; }
    [JsonPropertyName("amount")][JsonConverter(typeof(DecimalAsShortStringConverter))] public required decimal Amount { get; init; }

    /// <summary><see cref="WalletNames.ToMain"/> (FUNDING → SPOT) or <see cref="WalletNames.ToPay"/> (SPOT →
    /// FUNDING).</summary>
    [JsonPropertyName("transferType")] public required string TransferType { get; init; }
}

/// <summary>Query a transfer (<c>POST /binancepay/openapi/wallet/transfer/query</c>) by the <c>tranId</c> (the
/// transfer's <c>requestId</c>).</summary>
public sealed record TransferQueryRequest
{
    [JsonPropertyName("tranId")] public required string TranId { get; init; }
}
