using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Otc;

/// <summary>The pairs of one asset (get-to-selector's <c>data</c>): <see cref="Coin"/> is the fromAsset.</summary>
public sealed record ConvertSelectorResult
{
    [JsonPropertyName("coin")] public required string Coin { get; init; }
    [JsonPropertyName("toList")] public required IReadOnlyList<ConvertPair> ToList { get; init; }
}

/// <summary>One asset the fromAsset converts to, with the limits of a quote in each asset; <see cref="Reverse"/>: a
/// quote may be asked by <c>toAmount</c>.</summary>
public sealed record ConvertPair
{
    [JsonPropertyName("coin")] public required string Coin { get; init; }
    [JsonPropertyName("fromMin")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal FromMin { get; init; }
    [JsonPropertyName("fromMax")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal FromMax { get; init; }
    [JsonPropertyName("toMin")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal ToMin { get; init; }
    [JsonPropertyName("toMax")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal ToMax { get; init; }
    [JsonPropertyName("reverse")] public bool Reverse { get; init; }
    [JsonPropertyName("base")] public bool Base { get; init; }
}

/// <summary>A quote (get-quote's <c>data</c>). <see cref="QuoteId"/> is absent when the wallet holds less than
/// <see cref="FromAmount"/>: the price is shown but cannot be executed. <see cref="Ratio"/> is TO per FROM,
/// <see cref="ValidTimestamp"/> the end of validity in ms by the merchant's sandbox clock, <see cref="ExpireTime"/>
/// the validity in seconds.</summary>
public sealed record ConvertQuoteResult
{
    [JsonPropertyName("quoteId")] public string? QuoteId { get; init; }
    [JsonPropertyName("ratio")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal Ratio { get; init; }
    [JsonPropertyName("inverseRatio")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal InverseRatio { get; init; }
    [JsonPropertyName("validTimestamp")][JsonConverter(typeof(FlexibleLongConverter))] public long ValidTimestamp { get; init; }
    [JsonPropertyName("expireTime")][JsonConverter(typeof(FlexibleLongConverter))] public long ExpireTime { get; init; }
    [JsonPropertyName("toAmount")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal ToAmount { get; init; }
    [JsonPropertyName("toCoin")] public required string ToCoin { get; init; }
    [JsonPropertyName("fromAmount")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal FromAmount { get; init; }
    [JsonPropertyName("fromCoin")] public required string FromCoin { get; init; }
}

/// <summary>An executed quote (execute-quote's <c>data</c>): the trade order as created, <c>PROCESS</c>.</summary>
public sealed record ConvertExecuteResult
{
    [JsonPropertyName("orderId")][JsonConverter(typeof(FlexibleStringConverter))] public required string OrderId { get; init; }
    [JsonPropertyName("createTime")][JsonConverter(typeof(FlexibleLongConverter))] public long CreateTime { get; init; }
    [JsonPropertyName("orderStatus")] public required string OrderStatus { get; init; }
    [JsonPropertyName("quotePrice")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal QuotePrice { get; init; }
    [JsonPropertyName("inversePrice")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal InversePrice { get; init; }
    [JsonPropertyName("fromCoin")] public required string FromCoin { get; init; }
    [JsonPropertyName("fromCoinAmount")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal FromCoinAmount { get; init; }
    [JsonPropertyName("toCoin")] public required string ToCoin { get; init; }
    [JsonPropertyName("toCoinAmount")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal ToCoinAmount { get; init; }
}

/// <summary>A convert trade order (query-trade-order's <c>data</c>); <see cref="Ratio"/> and
/// <see cref="InverseRatio"/> equal execute-quote's prices.</summary>
public sealed record ConvertTradeResult
{
    [JsonPropertyName("orderId")][JsonConverter(typeof(FlexibleStringConverter))] public required string OrderId { get; init; }
    [JsonPropertyName("orderStatus")] public required string OrderStatus { get; init; }
    [JsonPropertyName("fromAsset")] public required string FromAsset { get; init; }
    [JsonPropertyName("fromAmount")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal FromAmount { get; init; }
    [JsonPropertyName("toAsset")] public required string ToAsset { get; init; }
    [JsonPropertyName("toAmount")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal ToAmount { get; init; }
    [JsonPropertyName("ratio")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal Ratio { get; init; }
    [JsonPropertyName("inverseRatio")][JsonConverter(typeof(FlexibleDecimalConverter))] public decimal InverseRatio { get; init; }
}
