namespace Citrine.Testing;

/// <summary>Request bodies for tests.</summary>
public static class Orders
{
    public static string NewTradeNo() => "t" + Guid.NewGuid().ToString("N")[..24];

    public static Dictionary<string, object?> V2(string? tradeNo = null, object? amount = null, string currency = "USDT")
        => new()
        {
            ["env"] = new Dictionary<string, object?> { ["terminalType"] = "WEB" },
            ["merchantTradeNo"] = tradeNo ?? NewTradeNo(),
            ["orderAmount"] = amount ?? 25.17m,
            ["currency"] = currency,
            ["goods"] = new Dictionary<string, object?>
            {
                ["goodsType"] = "01",
                ["goodsCategory"] = "D000",
                ["referenceGoodsId"] = "7876763A3B",
                ["goodsName"] = "Ice Cream",
                ["goodsDetail"] = "Greentea ice cream cone",
            },
        };

    public static Dictionary<string, object?> V1(long merchantId, string? tradeNo = null) => new()
    {
        ["merchantId"] = merchantId,
        ["merchantTradeNo"] = tradeNo ?? NewTradeNo(),
        ["tradeType"] = "APP",
        ["totalFee"] = 25.17m,
        ["currency"] = "EUR",
        ["productType"] = "Food",
        ["productName"] = "Ice Cream",
        ["productDetail"] = "Greentea ice cream cone",
    };

    public static Dictionary<string, object?> V3(string? tradeNo = null) => new()
    {
        ["env"] = new Dictionary<string, object?> { ["terminalType"] = "APP" },
        ["merchantTradeNo"] = tradeNo ?? NewTradeNo(),
        ["orderAmount"] = 10m,
        ["currency"] = "USDT",
        ["description"] = "Ice cream",
        ["goodsDetails"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["goodsType"] = "01", ["goodsCategory"] = "D000", ["referenceGoodsId"] = "sku1", ["goodsName"] = "Ice Cream",
            },
        },
    };
}
