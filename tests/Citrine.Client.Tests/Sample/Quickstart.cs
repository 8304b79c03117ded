using Citrine.Contracts.Orders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Client.Tests.Sample;

/// <summary>The ten-line quickstart of src/Citrine.Client/README.md, compiled and run by <see cref="QuickstartTests"/>
/// so the README cannot drift from the API.</summary>
public static class Quickstart
{
    public static WebApplication Build(string[] args, Func<string, CancellationToken, Task> markPaidAsync)
    {
        // ---- README quickstart begins ----
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddCitrineClient(builder.Configuration.GetSection("BinancePay")); // BaseUri, ApiKey, ApiSecret
        var app = builder.Build();
        app.MapPost("/buy", async (CitrineClient client) => Results.Redirect((await client.Orders.CreateAsync(new CreateOrderV2Request
        {
            Env = new OrderEnv { TerminalType = "WEB" },
            MerchantTradeNo = Guid.NewGuid().ToString("N"),
            OrderAmount = 4.99m,
            Currency = "USDT",
            Goods = new OrderGoods { GoodsType = "01", GoodsCategory = "D000", ReferenceGoodsId = "sku1", GoodsName = "Ice Cream" },
        })).CheckoutUrl));
        app.MapBinancePayWebhook("/webhooks/binance-pay", async (WebhookEvent e, CancellationToken ct) =>
        {
            if (e.BizStatus == "PAY_SUCCESS") await markPaidAsync(e.Pay!.MerchantTradeNo, ct);
        });
        // ---- README quickstart ends (then app.Run()) ----
        return app;
    }
}
