namespace Citrine.Application.Orders;

/// <summary>A create-order request after its fields passed the wire rules; amounts are in 1e-8 units.</summary>
public sealed record CreateOrderCommand
{
    public required long MerchantId { get; init; }
    public required int ApiVersion { get; init; }
    public required string MerchantTradeNo { get; init; }
    public required string TerminalType { get; init; }
    public long? AmountUnits { get; init; }
    public string? Currency { get; init; }
    public long? FiatAmountUnits { get; init; }
    public string? FiatCurrency { get; init; }
    public string? ProductType { get; init; }
    public required string ProductName { get; init; }
    public string? ProductDetail { get; init; }
    public long? SubMerchantId { get; init; }
    public string? ReturnUrl { get; init; }
    public string? CancelUrl { get; init; }
    public string? WebhookUrl { get; init; }
    public string? PassThroughInfo { get; init; }
    public string? SupportPayCurrency { get; init; }
    public long? OrderExpireTimeMs { get; init; }

    /// <summary><c>orderTags.ifProfitSharing</c> (v2, v3).</summary>
    public bool ProfitSharing { get; init; }

    /// <summary>The wire name of the amount, for messages (each endpoint version names it its own way).</summary>
    public string AmountField { get; init; } = "orderAmount";

    /// <summary>The wire name of the sub-merchant id, for messages.</summary>
    public string SubMerchantIdField { get; init; } = "merchant.subMerchantId";
}
