using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Wallets;

/// <summary>A transfer as Transfer Fund and its query answer it; <c>amount</c> is a string with the fewest decimals
/// (<c>"0.01"</c>), <c>status</c> one of <see cref="TransferStatusNames"/>.</summary>
public sealed record TransferFundResult
{
    [JsonPropertyName("tranId")][JsonConverter(typeof(FlexibleStringConverter))] public required string TranId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("amount")][JsonConverter(typeof(DecimalAsShortStringConverter))] public decimal Amount { get; init; }
    [JsonPropertyName("transferType")] public string? TransferType { get; init; }
}
