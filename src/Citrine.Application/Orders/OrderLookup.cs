namespace Citrine.Application.Orders;

/// <summary>How a merchant names an order: prepayId wins over merchantTradeNo when both are given.</summary>
public sealed record OrderLookup(long MerchantId, long? PrepayId, string? MerchantTradeNo);
