using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Wallets;

/// <summary>The answer to Wallet Balance v1: the available balance and its valuations, numbers in Binance's Java
/// form (<c>990000.00000000</c>, <c>0E-8</c>; <see cref="JavaDecimalConverter"/>).</summary>
public sealed record WalletBalanceResult
{
    [JsonPropertyName("balance")][JsonConverter(typeof(JavaDecimalConverter))] public decimal Balance { get; init; }
    [JsonPropertyName("asset")] public required string Asset { get; init; }
    [JsonPropertyName("fiat")] public required string Fiat { get; init; }
    [JsonPropertyName("availableFiatValuation")][JsonConverter(typeof(JavaDecimalConverter))] public decimal AvailableFiatValuation { get; init; }
    [JsonPropertyName("availableBtcValuation")][JsonConverter(typeof(JavaDecimalConverter))] public decimal AvailableBtcValuation { get; init; }
}

/// <summary>The answer to Wallet Balance v2. <c>updateTime</c> is a JSON number (milliseconds) as in every Binance
/// sample, read from a string too.</summary>
public sealed record WalletBalanceV2Result
{
    [JsonPropertyName("balance")] public IReadOnlyList<WalletAssetBalance> Balance { get; init; } = [];
    [JsonPropertyName("wallet")] public required string Wallet { get; init; }
    [JsonPropertyName("updateTime")][JsonConverter(typeof(FlexibleLongConverter))] public long UpdateTime { get; init; }
    [JsonPropertyName("fiat")] public required string Fiat { get; init; }
}

/// <summary>One asset of a v2 balance: available and frozen (reserved) amounts with the available part's
/// valuations.</summary>
public sealed record WalletAssetBalance
{
    [JsonPropertyName("available")][JsonConverter(typeof(JavaDecimalConverter))] public decimal Available { get; init; }
    [JsonPropertyName("freeze")][JsonConverter(typeof(JavaDecimalConverter))] public decimal Freeze { get; init; }
    [JsonPropertyName("asset")] public required string Asset { get; init; }
    [JsonPropertyName("availableFiatValuation")][JsonConverter(typeof(JavaDecimalConverter))] public decimal AvailableFiatValuation { get; init; }
    [JsonPropertyName("availableBtcValuation")][JsonConverter(typeof(JavaDecimalConverter))] public decimal AvailableBtcValuation { get; init; }
}
