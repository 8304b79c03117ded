using Citrine.Contracts.Orders;
using Citrine.Testing;

namespace Citrine.Client.Tests.Infrastructure;

/// <summary>Typed SDK requests for tests.</summary>
public static class Requests
{
    public static CreateOrderV2Request V2(string? tradeNo = null, decimal amount = 25.17m, string currency = "USDT") =>
        new()
        {
            Env = new OrderEnv { TerminalType = "WEB" },
            MerchantTradeNo = tradeNo ?? Orders.NewTradeNo(),
            OrderAmount = amount,
            Currency = currency,
            Goods = new OrderGoods
            {
                GoodsType = "01",
                GoodsCategory = "D000",
                ReferenceGoodsId = "7876763A3B",
                GoodsName = "Ice Cream",
                GoodsDetail = "Greentea ice cream cone",
            },
            ReturnUrl = "https://shop.example/return",
        };

    public static CreateOrderV3Request V3(string? tradeNo = null) => new()
    {
        Env = new OrderEnv { TerminalType = "APP" },
        MerchantTradeNo = tradeNo ?? Orders.NewTradeNo(),
        OrderAmount = 10m,
        Currency = "USDT",
        Description = "Ice cream",
        GoodsDetails =
        [
            new OrderGoods { GoodsType = "01", GoodsCategory = "D000", ReferenceGoodsId = "sku1", GoodsName = "Ice Cream" },
        ],
    };

    public static CreateOrderV1Request V1(long merchantId, string? tradeNo = null) => new()
    {
        MerchantId = merchantId,
        MerchantTradeNo = tradeNo ?? Orders.NewTradeNo(),
        TradeType = "APP",
        TotalFee = 25.17m,
        Currency = "EUR",
        ProductType = "Food",
        ProductName = "Ice Cream",
        ProductDetail = "Greentea ice cream cone",
    };

    public static OrderLookupRequest ByTradeNo(string tradeNo) => new() { MerchantTradeNo = tradeNo };

    public static OrderLookupRequest ByPrepayId(string prepayId) => new() { PrepayId = prepayId };
}
