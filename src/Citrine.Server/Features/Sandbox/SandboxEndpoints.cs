using System.Globalization;
using System.Text.Json.Serialization;
using Citrine.Application;
using Citrine.Application.Merchants;
using Citrine.Application.Orders;
using Citrine.Contracts.Orders;
using Citrine.Application.Payments;
using Citrine.Application.Sandbox;
using Citrine.Contracts;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Sandbox;

/// <summary>
/// Citrine-only sandbox helpers under <c>/sandbox</c> (not part of Binance), signed like the merchant API or called
/// with the admin token. A merchant acts on its own orders; the administrator names any order by <c>prepayId</c> (or
/// <c>merchantId</c> + <c>merchantTradeNo</c>). Order answers have the shape of Query Order v2.
/// </summary>
internal static class SandboxEndpoints
{
    private static readonly Field BuyerId = Integer("buyerId", required: false);
    private static readonly Field PayCurrency = OrderFields.Currency("payCurrency", required: false);
    private static readonly Field AdvanceMs = Integer("advanceMs", required: true);
    private static readonly Field MerchantId = Integer("merchantId", required: true);

    /// <summary>An order by <c>prepayId</c> or <c>merchantTradeNo</c>; the administrator names the merchant of a
    /// <c>merchantTradeNo</c>.</summary>
    private static readonly ShapeItem[] OrderByIds =
    [
        OrderLookupFields.MerchantTradeNo, OrderLookupFields.PrepayId, OrderLookupFields.OneOf,
        When("merchantId for the administrator's merchantTradeNo",
            c => c.Caller.IsAdmin && !c.Values.Has(OrderLookupFields.PrepayId), MerchantId),
    ];

    /// <summary><c>{prepayId | merchantTradeNo, buyerId?, payCurrency?}</c>: pays the order as the buyer (by default
    /// the oldest sandbox buyer).</summary>
    public static readonly EndpointDeclaration Pay = Declare("/sandbox/orders/pay", typeof(QueryOrderResult),
        new Shape([BuyerId, PayCurrency, .. OrderByIds]), PayAsync) with
    {
        Summary = "Pay an order as a sandbox buyer",
        Example = """{"merchantTradeNo":"9825382937292","buyerId":1,"payCurrency":"USDT"}""",
        Codes =
        [
            ResultCodes.OrderNotFound, ResultCodes.InvalidOrderStatus, ResultCodes.InvalidParamWrongValue,
            ResultCodes.SandboxBuyerNotFound, ResultCodes.SandboxInsufficientBalance,
        ],
    };

    /// <summary><c>{prepayId | merchantTradeNo}</c>: expires an open order now, with its <c>PAY_CLOSED</c>
    /// event.</summary>
    public static readonly EndpointDeclaration Expire = Declare("/sandbox/orders/expire", typeof(QueryOrderResult),
        new Shape(OrderByIds), ExpireAsync) with
    {
        Summary = "Expire an open order now",
        Example = """{"merchantTradeNo":"9825382937292"}""",
        Codes = [ResultCodes.OrderNotFound, ResultCodes.InvalidOrderStatus],
    };

    public static readonly EndpointDeclaration Clock = Declare("/sandbox/clock", typeof(ClockView), Shape.Empty,
        (SandboxService sandbox) => BinanceEnvelope.Ok(ToView(sandbox.ClockState()))) with
    {
        Summary = "The sandbox clock",
        Example = "{}",
        Codes = [],
    };

    /// <summary><c>{advanceMs}</c>: moves the server-wide sandbox clock forward.</summary>
    public static readonly EndpointDeclaration Advance = Declare("/sandbox/clock/advance", typeof(ClockView),
        Shape.Of(AdvanceMs), AdvanceAsync) with
    {
        Summary = "Move the sandbox clock forward",
        Example = """{"advanceMs":60000}""",
        Codes = [ResultCodes.InvalidParamWrongValue],
    };

    /// <summary><c>{}</c> (merchant) or <c>{merchantId}</c> (admin): deletes the merchant's orders and webhook events.
    /// Kept: the merchant, its API keys and settings, buyers, every balance and the append-only ledger.</summary>
    public static readonly EndpointDeclaration Reset = Declare("/sandbox/reset", typeof(ResetView),
        Shape.Of(When("merchantId for the administrator", c => c.Caller.IsAdmin, MerchantId)), ResetAsync) with
    {
        Summary = "Delete the merchant's orders and webhook events",
        Example = "{}",
        Codes = [DeclaredCode.NotFound(ResultCodes.InvalidRequest)], // the administrator named no merchant
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Pay, Expire, Clock, Advance, Reset];

    private static EndpointDeclaration Declare(string path, Type response, Shape request, Delegate handler) => new()
    {
        Path = path,
        Auth = AuthPolicy.SignedOrAdmin,
        Response = response,
        Request = request,
        Handler = handler,
    };

    private static async Task<IResult> PayAsync(Inbound request, IOrderStore orders, PayOrderHandler handler,
        CancellationToken cancellationToken)
    {
        var found = await FindOrderAsync(request, orders, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return BinanceEnvelope.Fail(found.Code, found.Message);
        }

        var result = await handler.HandleAsync(found.Value!, request.Fields.Number(BuyerId),
            request.Fields.Text(PayCurrency), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, order => QueryCloseEndpoints.ToResult(order, 2));
    }

    private static async Task<IResult> ExpireAsync(Inbound request, IOrderStore orders, SandboxService sandbox,
        CancellationToken cancellationToken)
    {
        var found = await FindOrderAsync(request, orders, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return BinanceEnvelope.Fail(found.Code, found.Message);
        }

        var result = await sandbox.ExpireNowAsync(found.Value!, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, order => QueryCloseEndpoints.ToResult(order, 2));
    }

    private static async Task<IResult> AdvanceAsync(Inbound request, SandboxService sandbox,
        CancellationToken cancellationToken)
    {
        var result = await sandbox.AdvanceClockAsync(request.Fields.Number(AdvanceMs)!.Value, cancellationToken)
            .ConfigureAwait(false);
        return BinanceEnvelope.From(result, ToView);
    }

    private static async Task<IResult> ResetAsync(Inbound request, IMerchantStore merchants, SandboxService sandbox,
        CancellationToken cancellationToken)
    {
        var merchantId = request.Caller.MerchantId ?? request.Fields.Number(MerchantId)!.Value;
        if (request.Caller.IsAdmin
            && await merchants.GetMerchantAsync(merchantId, cancellationToken).ConfigureAwait(false) is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"merchantId: merchant {merchantId} not found"), 404);
        }

        var reset = await sandbox.ResetAsync(merchantId, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new ResetView(reset.MerchantId, reset.OrdersDeleted, reset.EventsDeleted));
    }

    private static async Task<Result<Order>> FindOrderAsync(Inbound request, IOrderStore orders,
        CancellationToken ct)
    {
        var f = request.Fields;
        var prepayId = OrderLookupFields.PrepayIdOf(f);
        var tradeNo = f.Text(OrderLookupFields.MerchantTradeNo);
        var order = request.Caller.MerchantId is { } merchantId
            ? await orders.FindAsync(merchantId, prepayId, prepayId is null ? tradeNo : null, ct).ConfigureAwait(false)
            : prepayId is { } adminPrepayId
                ? await orders.GetAsync(adminPrepayId, ct).ConfigureAwait(false)
                : await orders.FindAsync(f.Number(MerchantId)!.Value, null, tradeNo, ct).ConfigureAwait(false);
        return order is null
            ? Result<Order>.Fail(ResultCodes.OrderNotFound, "order not found")
            : Result<Order>.Ok(order);
    }

    private static ClockView ToView(SandboxClockState state) => new(state.NowMs, state.OffsetMs);

    internal sealed record ClockView(
        [property: JsonPropertyName("nowMs")] long NowMs,
        [property: JsonPropertyName("offsetMs")] long OffsetMs);

    internal sealed record ResetView(
        [property: JsonPropertyName("merchantId")] long MerchantId,
        [property: JsonPropertyName("ordersDeleted")] int OrdersDeleted,
        [property: JsonPropertyName("eventsDeleted")] int EventsDeleted);
}
