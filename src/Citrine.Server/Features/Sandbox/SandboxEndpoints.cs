using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Citrine.Application;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Application.Payments;
using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Sandbox;

/// <summary>
/// Citrine-only sandbox helpers under <c>/sandbox</c> (not part of Binance), signed like the merchant API or called
/// with the admin token. A merchant acts on its own orders; the administrator names any order by <c>prepayId</c> (or
/// <c>merchantId</c> + <c>merchantTradeNo</c>). Order answers have the shape of Query Order v2.
/// </summary>
internal static class SandboxEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapSandbox("/sandbox/orders/pay", PayAsync);
        app.MapSandbox("/sandbox/orders/expire", ExpireAsync);
        app.MapSandbox("/sandbox/clock", (_, _, context) =>
            Task.FromResult<IResult>(BinanceEnvelope.Ok(ToView(Service(context).ClockState()))));
        app.MapSandbox("/sandbox/clock/advance", AdvanceAsync);
        app.MapSandbox("/sandbox/reset", ResetAsync);
    }

    /// <summary><c>{prepayId | merchantTradeNo, buyerId?, payCurrency?}</c>: pays the order as the buyer (by default
    /// the oldest sandbox buyer).</summary>
    private static async Task<IResult> PayAsync(SandboxCaller caller, JsonElement body, HttpContext context)
    {
        var f = new FieldReader(body);
        var buyerId = f.Long("buyerId", required: false);
        var payCurrency = OrderFieldRules.Currency(f, "payCurrency", required: false);
        var found = await FindOrderAsync(caller, f, context).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return BinanceEnvelope.Fail(found.Code, found.Message);
        }

        var result = await context.RequestServices.GetRequiredService<PayOrderHandler>()
            .HandleAsync(found.Value!, buyerId, payCurrency, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, order => QueryCloseEndpoints.ToResult(order, 2));
    }

    /// <summary><c>{prepayId | merchantTradeNo}</c>: expires an open order now, with its <c>PAY_CLOSED</c>
    /// event.</summary>
    private static async Task<IResult> ExpireAsync(SandboxCaller caller, JsonElement body, HttpContext context)
    {
        var found = await FindOrderAsync(caller, new FieldReader(body), context).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return BinanceEnvelope.Fail(found.Code, found.Message);
        }

        var result = await Service(context).ExpireNowAsync(found.Value!, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, order => QueryCloseEndpoints.ToResult(order, 2));
    }

    /// <summary><c>{advanceMs}</c>: moves the server-wide sandbox clock forward.</summary>
    private static async Task<IResult> AdvanceAsync(SandboxCaller caller, JsonElement body, HttpContext context)
    {
        var deltaMs = new FieldReader(body).Long("advanceMs", required: true)!.Value;
        var result = await Service(context).AdvanceClockAsync(deltaMs, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, ToView);
    }

    /// <summary><c>{}</c> (merchant) or <c>{merchantId}</c> (admin): deletes the merchant's orders and webhook events.
    /// Kept: the merchant, its API keys and settings, buyers, every balance and the append-only ledger.</summary>
    private static async Task<IResult> ResetAsync(SandboxCaller caller, JsonElement body, HttpContext context)
    {
        var merchantId = caller.MerchantId ?? new FieldReader(body).Long("merchantId", required: true)!.Value;
        if (caller.IsAdmin && await context.RequestServices.GetRequiredService<IMerchantStore>()
                .GetMerchantAsync(merchantId, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"merchantId: merchant {merchantId} not found"), 404);
        }

        var reset = await Service(context).ResetAsync(merchantId, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new ResetView(reset.MerchantId, reset.OrdersDeleted, reset.EventsDeleted));
    }

    private static async Task<Result<Order>> FindOrderAsync(SandboxCaller caller, FieldReader f, HttpContext context)
    {
        var tradeNo = f.String("merchantTradeNo", required: false, OrderFieldRules.MerchantTradeNoMax,
            lettersOrDigits: true);
        var prepayText = f.String("prepayId", required: false, OrderLookupFields.PrepayIdMax, lettersOrDigits: true);
        if (tradeNo is null && prepayText is null)
        {
            throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed,
                "prepayId or merchantTradeNo: one of them must not be empty");
        }

        long? prepayId = prepayText is null ? null
            : long.TryParse(prepayText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
        var orders = context.RequestServices.GetRequiredService<IOrderStore>();
        var ct = context.RequestAborted;
        var order = caller.MerchantId is { } merchantId
            ? await orders.FindAsync(merchantId, prepayId, prepayId is null ? tradeNo : null, ct).ConfigureAwait(false)
            : prepayId is { } adminPrepayId
                ? await orders.GetAsync(adminPrepayId, ct).ConfigureAwait(false)
                : await orders.FindAsync(f.Long("merchantId", required: true)!.Value, null, tradeNo, ct)
                    .ConfigureAwait(false);
        return order is null
            ? Result<Order>.Fail(ResultCodes.OrderNotFound, "order not found")
            : Result<Order>.Ok(order);
    }

    private static SandboxService Service(HttpContext context) =>
        context.RequestServices.GetRequiredService<SandboxService>();

    private static ClockView ToView(SandboxClockState state) => new(state.NowMs, state.OffsetMs);

    internal sealed record ClockView(
        [property: JsonPropertyName("nowMs")] long NowMs,
        [property: JsonPropertyName("offsetMs")] long OffsetMs);

    internal sealed record ResetView(
        [property: JsonPropertyName("merchantId")] long MerchantId,
        [property: JsonPropertyName("ordersDeleted")] int OrdersDeleted,
        [property: JsonPropertyName("eventsDeleted")] int EventsDeleted);
}
