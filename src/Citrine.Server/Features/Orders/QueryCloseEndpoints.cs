using System.Text.Json;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Orders;
using Citrine.Domain.Orders;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Orders;

/// <summary>Query Order v1 and v2 (docs/api-reference.md#query-order) and Close Order
/// (docs/api-reference.md#close-order).</summary>
internal static class QueryCloseEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapSigned("/binancepay/openapi/order/query", (request, context) => QueryAsync(request, context, version: 1));
        api.MapSigned("/binancepay/openapi/v2/order/query", (request, context) => QueryAsync(request, context, version: 2));
        api.MapSigned("/binancepay/openapi/order/close", CloseAsync);
    }

    private static async Task<IResult> QueryAsync(SignedRequest request, HttpContext context, int version)
    {
        var lookup = OrderLookupFields.Read(request);
        var result = await context.RequestServices.GetRequiredService<QueryOrderHandler>()
            .HandleAsync(lookup, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, order => ToResult(order, version));
    }

    private static async Task<IResult> CloseAsync(SignedRequest request, HttpContext context)
    {
        var lookup = OrderLookupFields.Read(request);
        var result = await context.RequestServices.GetRequiredService<CloseOrderHandler>()
            .HandleAsync(lookup, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, closed => closed);
    }

    internal static QueryOrderResult ToResult(Order order, int version) => new()
    {
        MerchantId = order.MerchantId,
        PrepayId = Wire.Id(order.PrepayId),
        TransactionId = order.TransactionId,
        MerchantTradeNo = order.MerchantTradeNo,
        TradeType = version == 1 ? order.TerminalType : null,
        Status = order.Status.WireName(),
        Currency = order.Currency,
        OrderAmount = version == 2 ? Amounts.FromUnits(order.AmountUnits) : null,
        TotalFee = version == 1 ? Amounts.FromUnits(order.AmountUnits) : null,
        ProductName = version == 1 ? order.ProductName : null,
        ProductDetail = version == 1 ? order.ProductDetail : null,
        OpenUserId = order.OpenUserId,
        PassThroughInfo = order.PassThroughInfo,
        Commission = order.Status is OrderStatus.Paid or OrderStatus.Refunding or OrderStatus.Refunded
            or OrderStatus.FullRefunded ? Amounts.FromUnits(order.CommissionUnits) : null,
        TransactTime = order.TransactTimeMs,
        CreateTime = order.CreateTimeMs,
        PaymentInfo = order.PaymentInfoJson is { } json
            ? JsonSerializer.Deserialize<PaymentInfo>(json, WireJson.Options)
            : null,
    };
}
