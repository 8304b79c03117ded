using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Contracts.DirectDebit;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.DirectDebit;

/// <summary>Payment Notification and Payment (docs/api-reference.md#payment-notification, #payment-apply).</summary>
internal static class PaymentEndpoints
{
    public const int MerchantRequestIdMax = 32;
    public const int ProductNameMax = 256;
    public const int ProductTypeMax = 16;
    public const int ProductDetailMax = 256;
    public const int WebhookUrlMax = 256;
    public const int SubMerchantIdMax = 32;

    private static readonly Field SubMerchantId = Integer("subMerchantId", required: false);
    private static readonly Field MerchantRequestId = Text("merchantRequestId", required: true, MerchantRequestIdMax,
        lettersOrDigits: true);

    /// <summary><c>tradeMode</c> (required, only DIRECT_DEBIT).</summary>
    private static readonly Field TradeMode = Enum("tradeMode", required: true, [DirectDebitNames.TradeMode]);

    /// <summary><c>bizId</c>: the contractId as a number or a string of digits.</summary>
    private static readonly Field BizId = Integer("bizId", required: true)
        .Check<long>(ResultCodes.InvalidParamWrongValue, "must be a positive contractId", id => id > 0);

    /// <summary><c>preBizId</c>: the SDK may send it; Citrine accepts an integer and ignores it.</summary>
    private static readonly Field PreBizId = Integer("preBizId", required: false);

    private static readonly Field Amount = Fields.Amount("amount", required: true);
    private static readonly Field EstimatedAmount = Fields.Amount("estimatedAmount", required: true);
    private static readonly Field ApplyCurrency = Text("currency", required: false, 16, lettersOrDigits: true);
    private static readonly Field NotifyCurrency = Text("currency", required: true, 16, lettersOrDigits: true);
    private static readonly Field ProductName = Text("productName", required: true, ProductNameMax);
    private static readonly Field ProductType = Text("productType", required: false, ProductTypeMax);
    private static readonly Field ProductDetail = Text("productDetail", required: false, ProductDetailMax);
    private static readonly Field WebhookUrl = Url("webhookUrl", WebhookUrlMax);

    /// <summary>What <see cref="PayNotifyHandler"/> and <see cref="PayApplyHandler"/> both answer.</summary>
    private static readonly DeclaredCode[] PaymentCodes =
    [
        ResultCodes.MerchantAccessForbidden, ResultCodes.DirectDebitContractNotFound,
        ResultCodes.DirectDebitContractNotSigned, ResultCodes.InvalidParamWrongValue, ResultCodes.InvalidRequest,
    ];

    public static readonly EndpointDeclaration Notify = new()
    {
        Path = "/binancepay/openapi/pay/notify",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        RequestDto = typeof(PaymentNotifyRequest),
        Response = typeof(PaymentNotifyResult),
        // subMerchantId is the SDK's; checked last as an integer and not used (the contract names the merchant).
        Request = Shape.Of(MerchantRequestId, TradeMode, BizId, EstimatedAmount, NotifyCurrency, SubMerchantId),
        Handler = NotifyAsync,
        Summary = "Payment Notification (before a direct debit)",
        Example = """
            {"merchantRequestId":"req20260101001","tradeMode":"DIRECT_DEBIT","bizId":123456789,"estimatedAmount":2.5,
             "currency":"USDT"}
            """,
        Codes = [.. PaymentCodes],
    };

    public static readonly EndpointDeclaration Apply = new()
    {
        Path = "/binancepay/openapi/pay/apply",
        Auth = AuthPolicy.SignedMerchant,
        Gate = typeof(DirectDebitGate),
        RequestDto = typeof(PaymentApplyRequest),
        Response = typeof(PaymentApplyResult),
        Request = Shape.Of(SubMerchantId, MerchantRequestId, TradeMode, BizId, Amount, ApplyCurrency, ProductName,
            ProductType, ProductDetail, WebhookUrl, PreBizId),
        Handler = ApplyAsync,
        Summary = "Payment (direct debit)",
        Example = """
            {"merchantRequestId":"req20260101002","tradeMode":"DIRECT_DEBIT","bizId":123456789,"amount":2.5,
             "currency":"USDT","productName":"Premium plan, January"}
            """,
        Codes =
        [
            .. PaymentCodes, ResultCodes.SandboxInsufficientBalance, ResultCodes.SubMerchantInvalid,
            ResultCodes.SandboxPayerCountryBlocked,
        ],
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [Notify, Apply];

    private static async Task<IResult> ApplyAsync(Inbound request, PayApplyHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var command = new PayApplyCommand(request.MerchantId, f.Number(SubMerchantId), f.Text(MerchantRequestId)!,
            f.Number(BizId)!.Value, f.Number(Amount)!.Value, f.Text(ApplyCurrency), f.Text(ProductName)!,
            f.Text(ProductType), f.Text(ProductDetail), f.Text(WebhookUrl));
        var result = await handler.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, payment => new PaymentApplyResult
        {
            OrderId = Wire.Id(payment.PrepayId),
            PrepayId = Wire.Id(payment.PrepayId),
            MerchantRequestId = payment.MerchantRequestId,
            AppliedTime = payment.AppliedTimeMs,
            Status = "SUCCESS",
        });
    }

    private static async Task<IResult> NotifyAsync(Inbound request, PayNotifyHandler handler,
        CancellationToken cancellationToken)
    {
        var f = request.Fields;
        var command = new PayNotifyCommand(request.MerchantId, f.Text(MerchantRequestId)!, f.Number(BizId)!.Value,
            f.Number(EstimatedAmount)!.Value, f.Text(NotifyCurrency)!);
        var result = await handler.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        return BinanceEnvelope.From(result, n => new PaymentNotifyResult
        {
            OrderId = Wire.Id(n.OrderId),
            MerchantRequestId = n.MerchantRequestId,
            TransactionTime = n.TransactionTimeMs,
        });
    }
}
