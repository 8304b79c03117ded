using Citrine.Client;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Citrine.Sample.Merchant;

/// <summary>The shop: one product, a buy button, a cancel button, a webhook receiver and an order page.</summary>
public static class MerchantApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddCitrineClient(builder.Configuration.GetSection("BinancePay"));
        builder.Services.AddSingleton<ShopOrders>();
        configure?.Invoke(builder);
        var app = builder.Build();

        app.MapGet("/", () => Results.Content(Pages.Shop(), "text/html"));

        // 1. Create the order and send the buyer to the checkout page.
        app.MapPost("/buy", async (CitrineClient client, ShopOrders orders, CancellationToken ct) =>
        {
            var shopUrl = PublicBaseUrl(app);
            var tradeNo = "shop" + Guid.NewGuid().ToString("N")[..24];
            var order = await client.Orders.CreateAsync(new CreateOrderV2Request
            {
                Env = new OrderEnv { TerminalType = "WEB" },
                MerchantTradeNo = tradeNo,
                OrderAmount = 4.99m,
                Currency = "USDT",
                Goods = new OrderGoods
                {
                    GoodsType = "01",
                    GoodsCategory = "D000",
                    ReferenceGoodsId = "ice-cream",
                    GoodsName = "Ice Cream",
                },
                ReturnUrl = $"{shopUrl}/orders/{tradeNo}",
                CancelUrl = $"{shopUrl}/",
                WebhookUrl = $"{shopUrl}/webhooks/binance-pay",
            }, ct);
            orders.Add(tradeNo, order.PrepayId);
            return Results.Redirect(order.CheckoutUrl);
        });

        // 2. Binance (or Citrine) tells the shop: verified, parsed, answered by the helper.
        app.MapBinancePayWebhook("/webhooks/binance-pay", (WebhookEvent e, HttpContext context) =>
        {
            if (e.Pay is { } pay && e.BizStatus is WebhookNames.PaySuccess or WebhookNames.PayClosed)
            {
                context.RequestServices.GetRequiredService<ShopOrders>().Settle(e.BizStatus, pay);
            }

            return Task.CompletedTask;
        });

        // 3. The buyer comes back: show what the webhook said, and what the API says.
        app.MapGet("/orders/{tradeNo}", async (string tradeNo, CitrineClient client, ShopOrders orders,
            CancellationToken ct) =>
        {
            var order = await client.Orders.GetAsync(new OrderLookupRequest { MerchantTradeNo = tradeNo }, ct);
            return Results.Content(Pages.Order(order, orders.FindOutcome(tradeNo)), "text/html");
        });

        // 4. The buyer cancels an unpaid order: close it; the PAY_CLOSED webhook then settles it.
        app.MapPost("/orders/{tradeNo}/cancel", async (string tradeNo, CitrineClient client, ShopOrders orders,
            CancellationToken ct) =>
        {
            if (!orders.Created.ContainsKey(tradeNo))
            {
                return Results.NotFound();
            }

            try
            {
                await client.Orders.CloseAsync(new OrderLookupRequest { MerchantTradeNo = tradeNo }, ct);
            }
            catch (CitrineApiException)
            {
                // Already paid, closed or expired (a second click): the order page shows where it stands.
            }

            return Results.Redirect($"/orders/{tradeNo}");
        });
        return app;
    }

    // Where Binance (or Citrine) and the buyer reach the shop: Shop:PublicBaseUrl when set (behind a proxy, or
    // listening on all interfaces), else the address the shop listens on.
    private static string PublicBaseUrl(WebApplication app) =>
        (app.Configuration["Shop:PublicBaseUrl"] is { Length: > 0 } configured
            ? configured
            : app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
        .TrimEnd('/');
}
