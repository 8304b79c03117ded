using System.Globalization;
using System.Text.Json;
using Citrine.Application.Refunds;
using Citrine.Contracts;
using Citrine.Contracts.Refunds;
using Citrine.Server.Features.Orders;
using Citrine.Server.Features.Sandbox;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Refunds;

/// <summary>Refund Order and Query Refund (docs/api-reference.md#refund-order, #query-refund), and the sandbox's forced
/// rejection.</summary>
internal static class RefundEndpoints
{
    public const int RefundRequestIdMax = 64;
    public const int RefundReasonMax = 256;
    public const int WebhookUrlMax = 256;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapSigned("/binancepay/openapi/order/refund", RefundAsync);
        api.MapSigned("/binancepay/openapi/order/refund/query", QueryAsync);
    }

    public static void MapSandbox(IEndpointRouteBuilder app) =>
        app.MapSandbox("/sandbox/refunds/reject-next", RejectNextAsync);

    private static async Task<IResult> RefundAsync(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var refundRequestId = f.String("refundRequestId", required: true, RefundRequestIdMax)!;
        var prepayId = PrepayId(f.String("prepayId", required: true, OrderLookupFields.PrepayIdMax,
            lettersOrDigits: true)!);
        var amount = f.Amount("refundAmount", required: true)!.Value;
        var reason = f.String("refundReason", required: false, RefundReasonMax);
        var webhookUrl = f.Url("webhookUrl", WebhookUrlMax);
        var result = await context.RequestServices.GetRequiredService<RefundOrderHandler>().HandleAsync(
            new RefundRequest(request.Merchant.MerchantId, refundRequestId, prepayId, amount, reason, webhookUrl),
            context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, accepted => new RefundOrderResult
        {
            RefundId = Wire.Id(accepted.Refund.RefundId),
            RefundRequestId = accepted.Refund.RefundRequestId,
            PrepayId = Wire.Id(accepted.Refund.PrepayId),
            OrderAmount = Amounts.FromUnits(accepted.Order.AmountUnits),
            RefundedAmount = Amounts.FromUnits(accepted.Refund.RefundedUnitsAfter),
            RefundAmount = Amounts.FromUnits(accepted.Refund.RefundUnits),
            RemainingAttempts = accepted.Refund.RemainingAttempts,
            PayerOpenId = accepted.Order.OpenUserId,
            DuplicateRequest = accepted.Duplicate ? "Y" : "N",
        });
    }

    private static async Task<IResult> QueryAsync(SignedRequest request, HttpContext context)
    {
        var refundRequestId = request.Fields.String("refundRequestId", required: true, RefundRequestIdMax)!;
        var services = context.RequestServices;
        var refund = await services.GetRequiredService<IRefundStore>()
            .FindAsync(request.Merchant.MerchantId, refundRequestId, context.RequestAborted).ConfigureAwait(false);
        if (refund is null)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
                "refundRequestId: no refund of this merchant has this refundRequestId");
        }

        var order = await services.GetRequiredService<Application.Orders.IOrderStore>()
            .GetAsync(refund.PrepayId, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.Ok(new RefundQueryResult
        {
            RefundRequestId = refund.RefundRequestId,
            PrepayId = Wire.Id(refund.PrepayId),
            OrderAmount = Amounts.FromUnits(order?.AmountUnits ?? 0),
            RefundedAmount = Amounts.FromUnits(refund.RefundedUnitsAfter),
            RefundAmount = Amounts.FromUnits(refund.RefundUnits),
            RefundedCommission = Amounts.FromUnits(refund.RefundedCommissionAfter),
            RefundCommission = Amounts.FromUnits(refund.RefundCommissionUnits),
            RemainingAttempts = refund.RemainingAttempts,
            PayerOpenId = order?.OpenUserId,
            RefundStatus = refund.Status,
        });
    }

    /// <summary><c>{prepayId}</c> (merchant) or <c>{merchantId, prepayId}</c> (admin): the next refund accepted on
    /// the order is rejected when it settles (<c>REFUND_REJECTED</c> webhook, <c>REFUND_FAIL</c> query).</summary>
    private static async Task<IResult> RejectNextAsync(SandboxCaller caller, JsonElement body, HttpContext context)
    {
        var f = new FieldReader(body);
        var merchantId = caller.MerchantId ?? f.Long("merchantId", required: true)!.Value;
        var prepayId = f.Long("prepayId", required: true)!.Value;
        var marked = await context.RequestServices.GetRequiredService<IRefundStore>()
            .RejectNextRefundAsync(merchantId, prepayId, context.RequestAborted).ConfigureAwait(false);
        return marked
            ? BinanceEnvelope.Ok(true)
            : BinanceEnvelope.Fail(ResultCodes.InvalidPrepayId, string.Create(CultureInfo.InvariantCulture,
                $"prepayId: merchant {merchantId} has no order {prepayId}"));
    }

    /// <summary>Citrine's prepayIds are numbers; a well-formed id that is not one names no order.</summary>
    private static long PrepayId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
}
