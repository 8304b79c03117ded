using System.Text.Json;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Orders;
using Citrine.Domain.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;

namespace Citrine.Server.Features.Orders;

/// <summary>Query Order v1 and v2 (docs/api-reference.md#query-order) and Close Order
/// (docs/api-reference.md#close-order), declared once each.</summary>
internal static class QueryCloseEndpoints
{
    public static readonly EndpointDeclaration QueryV1 = Declare("/binancepay/openapi/order/query",
        typeof(QueryOrderResult), (Inbound request, QueryOrderHandler handler, CancellationToken ct) =>
            QueryAsync(request, handler, version: 1, ct)) with
    {
        Summary = "Query Order (v1)",
        Codes = [ResultCodes.OrderNotFound],
    };

    public static readonly EndpointDeclaration QueryV2 = Declare("/binancepay/openapi/v2/order/query",
        typeof(QueryOrderResult), (Inbound request, QueryOrderHandler handler, CancellationToken ct) =>
            QueryAsync(request, handler, version: 2, ct)) with
    {
        Summary = "Query Order (v2)",
        Codes = [ResultCodes.OrderNotFound],
    };

    public static readonly EndpointDeclaration Close = Declare("/binancepay/openapi/order/close", typeof(bool),
        CloseAsync) with
    {
        Summary = "Close Order",
        Codes = [ResultCodes.OrderNotFound, ResultCodes.InvalidOrderStatus],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [QueryV1, QueryV2, Close];

    private static EndpointDeclaration Declare(string path, Type response, Delegate handler) => new()
    {
        Path = path,
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(OrderLookupRequest),
        Response = response,
        Request = OrderLookupFields.Shape,
        Handler = handler,
        Example = """{"merchantTradeNo":"9825382937292"}""",
    };

    private static async Task<IResult> QueryAsync(Inbound request, QueryOrderHandler handler, int version,
        CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(OrderLookupFields.Read(request), cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, order => ToResult(order, version));
    }

    private static async Task<IResult> CloseAsync(Inbound request, CloseOrderHandler handler,
        CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(OrderLookupFields.Read(request), cancellationToken).ConfigureAwait(false);
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
        Commission = OrderLifecycle.PaidStatuses.Contains(order.Status)
            ? Amounts.FromUnits(order.CommissionUnits)
            : null,
        TransactTime = order.TransactTimeMs,
        CreateTime = order.CreateTimeMs,
        PaymentInfo = order.PaymentInfoJson is { } json
            ? JsonSerializer.Deserialize<PaymentInfo>(json, WireJson.Options)
            : null,
    };
}
