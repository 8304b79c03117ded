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
    private static readonly Field ClockMerchantId = Integer("merchantId", required: false);

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

    /// <summary>Whose clock: the calling merchant's; for the administrator the named merchant's, or without
    /// <c>merchantId</c> the server-wide clock. A <c>merchantId</c> from a merchant is ignored, like every field its
    /// shape does not declare.</summary>
    private static readonly ShapeItem ClockOwner = When("merchantId (optional) for the administrator",
        c => c.Caller.IsAdmin, ClockMerchantId);

    /// <summary><c>{}</c>: the caller's sandbox clock (docs/sandbox.md#sandbox-clock).</summary>
    public static readonly EndpointDeclaration Clock = Declare("/sandbox/clock", typeof(ClockView),
        Shape.Of(ClockOwner), ClockAsync) with
    {
        Summary = "The caller's sandbox clock",
        Example = "{}",
        Codes = [DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    /// <summary><c>{advanceMs}</c>: moves the calling merchant's own sandbox clock forward; with the admin token, the
    /// server-wide clock of every merchant (or, with <c>merchantId</c>, that merchant's).</summary>
    public static readonly EndpointDeclaration Advance = Declare("/sandbox/clock/advance", typeof(ClockView),
        Shape.Of(AdvanceMs, ClockOwner), AdvanceAsync) with
    {
        Summary = "Move the sandbox clock forward (the caller's own; with the admin token the server-wide one)",
        Example = """{"advanceMs":60000}""",
        Codes = [ResultCodes.InvalidParamWrongValue, DeclaredCode.NotFound(ResultCodes.InvalidRequest)],
    };

    /// <summary><c>{}</c> (merchant) or <c>{merchantId}</c> (admin): deletes the merchant's orders, refunds, contracts,
    /// direct-debit payments and webhook events. Kept: the merchant, its API keys and settings, its sandbox clock,
    /// buyers, every balance and the append-only ledger.</summary>
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

    private static async Task<IResult> ClockAsync(Inbound request, IMerchantStore merchants, SandboxService sandbox,
        CancellationToken cancellationToken)
    {
        var owner = await ClockOwnerOfAsync(request, merchants, cancellationToken).ConfigureAwait(false);
        return owner.IsSuccess
            ? BinanceEnvelope.Ok(ToView(await sandbox.ClockStateAsync(owner.Value, cancellationToken)
                .ConfigureAwait(false)))
            : MerchantNotFound(owner.Message!);
    }

    private static async Task<IResult> AdvanceAsync(Inbound request, IMerchantStore merchants,
        SandboxService sandbox, CancellationToken cancellationToken)
    {
        var owner = await ClockOwnerOfAsync(request, merchants, cancellationToken).ConfigureAwait(false);
        if (!owner.IsSuccess)
        {
            return MerchantNotFound(owner.Message!);
        }

        var result = await sandbox.AdvanceClockAsync(owner.Value, request.Fields.Number(AdvanceMs)!.Value,
            cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, ToView);
    }

    /// <summary>The merchant whose clock a call means; null for the server-wide clock (administrator only).</summary>
    private static async Task<Result<long?>> ClockOwnerOfAsync(Inbound request, IMerchantStore merchants,
        CancellationToken cancellationToken)
    {
        if (request.Caller.MerchantId is { } caller)
        {
            return Result<long?>.Ok(caller);
        }

        if (request.Fields.Number(ClockMerchantId) is not { } named)
        {
            return Result<long?>.Ok(null);
        }

        return await merchants.GetMerchantAsync(named, cancellationToken).ConfigureAwait(false) is null
            ? Result<long?>.Fail(ResultCodes.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"merchantId: merchant {named} not found"))
            : Result<long?>.Ok(named);
    }

    private static BinanceEnvelope MerchantNotFound(string message) =>
        BinanceEnvelope.Fail(ResultCodes.InvalidRequest, message, 404);

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
        return BinanceEnvelope.Ok(new ResetView(reset.MerchantId, reset.OrdersDeleted, reset.ContractsDeleted,
            reset.EventsDeleted));
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

    private static ClockView ToView(SandboxClockState state) =>
        new(state.MerchantId, state.NowMs, state.OffsetMs, state.ServerOffsetMs, state.MerchantOffsetMs);

    /// <summary><c>offsetMs</c> = <c>serverOffsetMs</c> + <c>merchantOffsetMs</c>; no <c>merchantId</c> for the
    /// server-wide clock.</summary>
    internal sealed record ClockView(
        [property: JsonPropertyName("merchantId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        long? MerchantId,
        [property: JsonPropertyName("nowMs")] long NowMs,
        [property: JsonPropertyName("offsetMs")] long OffsetMs,
        [property: JsonPropertyName("serverOffsetMs")] long ServerOffsetMs,
        [property: JsonPropertyName("merchantOffsetMs")] long MerchantOffsetMs);

    internal sealed record ResetView(
        [property: JsonPropertyName("merchantId")] long MerchantId,
        [property: JsonPropertyName("ordersDeleted")] int OrdersDeleted,
        [property: JsonPropertyName("contractsDeleted")] int ContractsDeleted,
        [property: JsonPropertyName("eventsDeleted")] int EventsDeleted);
}
