using System.Text.Json.Serialization;
using Citrine.Contracts.Json;

namespace Citrine.Contracts.Orders;

/// <summary>
/// The answer to every create-order version. v1 names the terminal <c>tradeType</c>, v2/v3 <c>terminalType</c>;
/// v3 adds <c>currency</c>/<c>totalFee</c> (and the fiat pair when given). Absent fields are omitted.
/// </summary>
public sealed record CreateOrderResult
{
    [JsonPropertyName("prepayId")] public required string PrepayId { get; init; }
    [JsonPropertyName("tradeType")] public string? TradeType { get; init; }
    [JsonPropertyName("terminalType")] public string? TerminalType { get; init; }
    [JsonPropertyName("expireTime")][JsonConverter(typeof(FlexibleLongConverter))] public long ExpireTime { get; init; }
    [JsonPropertyName("qrcodeLink")] public required string QrcodeLink { get; init; }
    [JsonPropertyName("qrContent")] public required string QrContent { get; init; }
    [JsonPropertyName("checkoutUrl")] public required string CheckoutUrl { get; init; }
    [JsonPropertyName("deeplink")] public required string Deeplink { get; init; }
    [JsonPropertyName("universalUrl")] public required string UniversalUrl { get; init; }
    [JsonPropertyName("currency")] public string? Currency { get; init; }
    [JsonPropertyName("totalFee")][JsonConverter(typeof(DecimalAsShortStringConverter))] public decimal? TotalFee { get; init; }
    [JsonPropertyName("fiatCurrency")] public string? FiatCurrency { get; init; }
    [JsonPropertyName("fiatAmount")][JsonConverter(typeof(DecimalAsShortStringConverter))] public decimal? FiatAmount { get; init; }
}
