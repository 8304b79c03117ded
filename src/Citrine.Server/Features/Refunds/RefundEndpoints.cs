using System.Globalization;
using Citrine.Application.Refunds;
using Citrine.Contracts;
using Citrine.Contracts.Refunds;
using Citrine.Server.Features.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Refunds;

/// <summary>Refund Order and Query Refund (docs/api-reference.md#refund-order, #query-refund), and the sandbox's forced
/// rejection.</summary>
internal static class RefundEndpoints
{
    public const int RefundRequestIdMax = 64;
    public const int RefundReasonMax = 256;
    public const int WebhookUrlMax = 256;

    private static readonly Field RefundRequestId = Text("refundRequestId", required: true, RefundRequestIdMax);
    private static readonly Field PrepayId = Text("prepayId", required: true, OrderFields.PrepayIdMax,
        lettersOrDigits: true);
    private static readonly Field RefundAmount = Amount("refundAmount", required: true);
    private static readonly Field RefundReason = Text("refundReason", required: false, RefundReasonMax);
    private static readonly Field WebhookUrl = Url("webhookUrl", WebhookUrlMax);

    private static readonly Field AdminMerchantId = Integer("merchantId", required: true);
    private static readonly Field NumericPrepayId = Integer("prepayId", required: true);

    public static readonly EndpointDeclaration Refund = new()
    {
        Path = "/binancepay/openapi/order/refund",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(RefundOrderRequest),
        Response = typeof(RefundOrderResult),
        Request = Shape.Of(RefundRequestId, PrepayId, RefundAmount, RefundReason, WebhookUrl),
        Handler = RefundAsync,
        Summary = "Refund Order",
        Example = """
            {"refundRequestId":"68711039982968832","prepayId":"383729303729303","refundAmount":10,
             "refundReason":"Customer changed their mind"}
            """,
        Codes =
        [
            ResultCodes.InvalidPrepayId, ResultCodes.InvalidOrderStatus, ResultCodes.InvalidRefundAmount,
            ResultCodes.TooManyRefundAttempts, ResultCodes.AccountRemainingAmountNotEnough,
            ResultCodes.InvalidRequest, // the refundRequestId was used with other values
        ],
    };

    public static readonly EndpointDeclaration Query = new()
    {
        Path = "/binancepay/openapi/order/refund/query",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(RefundQueryRequest),
        Response = typeof(RefundQueryResult),
        Request = Shape.Of(RefundRequestId),
        Handler = QueryAsync,
        Summary = "Query Refund",
        Example = """{"refundRequestId":"68711039982968832"}""",
        Codes = [ResultCodes.InvalidRequest], // no refund with that refundRequestId
    };

    /// <summary><c>{prepayId}</c> (merchant) or <c>{merchantId, prepayId}</c> (admin): the next refund accepted on
    /// the order is rejected when it settles (<c>REFUND_REJECTED</c> webhook, <c>REFUND_FAIL</c> query).</summary>
    public static readonly EndpointDeclaration RejectNext = new()
    {
        Path = "/sandbox/refunds/reject-next",
        Auth = AuthPolicy.SignedOrAdmin,
        Response = typeof(bool),
        Request = Shape.Of(When("merchantId only for the administrator", c => c.Caller.IsAdmin, AdminMerchantId),
            NumericPrepayId),
        Handler = RejectNextAsync,
        Summary = "Reject the next refund of an order when it settles",
        Example = """{"prepayId":383729303729303}""",
        Codes = [ResultCodes.InvalidPrepayId],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Refund, Query];

    public static IReadOnlyList<EndpointDeclaration> SandboxDeclarations { get; } = [RejectNext];

    private static async Task<IResult> RefundAsync(Inbound request, RefundOrderHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var prepayId = long.TryParse(f.Text(PrepayId), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : -1; // Citrine's prepayIds are numbers; a well-formed id that is not one names no order.
        var result = await handler.HandleAsync(
            new RefundRequest(request.MerchantId, f.Text(RefundRequestId)!, prepayId, f.Number(RefundAmount)!.Value,
                f.Text(RefundReason), f.Text(WebhookUrl)),
            cancellationToken).ConfigureAwait(false);
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

    private static async Task<IResult> QueryAsync(Inbound request, QueryRefundHandler handler,
        CancellationToken cancellationToken)
    {
        var found = await handler.HandleAsync(request.MerchantId, request.Fields.Text(RefundRequestId)!,
            cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(found, f => new RefundQueryResult
        {
            RefundRequestId = f.Refund.RefundRequestId,
            PrepayId = Wire.Id(f.Refund.PrepayId),
            OrderAmount = Amounts.FromUnits(f.Order?.AmountUnits ?? 0),
            RefundedAmount = Amounts.FromUnits(f.Refund.RefundedUnitsAfter),
            RefundAmount = Amounts.FromUnits(f.Refund.RefundUnits),
            RefundedCommission = Amounts.FromUnits(f.Refund.RefundedCommissionAfter),
            RefundCommission = Amounts.FromUnits(f.Refund.RefundCommissionUnits),
            RemainingAttempts = f.Refund.RemainingAttempts,
            PayerOpenId = f.Order?.OpenUserId,
            RefundStatus = f.Refund.Status,
        });
    }

    private static async Task<IResult> RejectNextAsync(Inbound request, IRefundStore refunds,
        CancellationToken cancellationToken)
    {
        var merchantId = request.Caller.MerchantId ?? request.Fields.Number(AdminMerchantId)!.Value;
        var prepayId = request.Fields.Number(NumericPrepayId)!.Value;
        var marked = await refunds.RejectNextRefundAsync(merchantId, prepayId, cancellationToken).ConfigureAwait(false);
        return marked
            ? BinanceEnvelope.Ok(true)
            : BinanceEnvelope.Fail(ResultCodes.InvalidPrepayId, string.Create(CultureInfo.InvariantCulture,
                $"prepayId: merchant {merchantId} has no order {prepayId}"));
    }
}
