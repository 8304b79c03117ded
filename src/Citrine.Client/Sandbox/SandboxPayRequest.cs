using System.Text.Json.Serialization;

namespace Citrine.Client.Sandbox;

/// <summary>What <see cref="SandboxClient.PayOrderAsync"/> pays: an order (by <c>prepayId</c> or
/// <c>merchantTradeNo</c>), as which sandbox buyer, in which currency. Citrine-only.</summary>
public sealed record SandboxPayRequest
{
    /// <summary>The order's prepayId; wins over <see cref="MerchantTradeNo"/>.</summary>
    [JsonPropertyName("prepayId")] public string? PrepayId { get; init; }

    /// <summary>The order's merchantTradeNo.</summary>
    [JsonPropertyName("merchantTradeNo")] public string? MerchantTradeNo { get; init; }

    /// <summary>The sandbox buyer who pays; null lets the server pick its default buyer.</summary>
    [JsonPropertyName("buyerId")] public string? BuyerId { get; init; }

    /// <summary>The currency the buyer pays in; null pays in the order currency.</summary>
    [JsonPropertyName("payCurrency")] public string? PayCurrency { get; init; }
}
