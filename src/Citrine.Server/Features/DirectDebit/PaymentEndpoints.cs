using Citrine.Application.DirectDebit;
using Citrine.Contracts;
using Citrine.Contracts.DirectDebit;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapDirectDebitSigned("/binancepay/openapi/pay/notify", NotifyAsync);
        api.MapDirectDebitSigned("/binancepay/openapi/pay/apply", ApplyAsync);
    }

    private static async Task<IResult> ApplyAsync(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var command = new PayApplyCommand(
            request.Merchant.MerchantId,
            f.Long("subMerchantId", required: false),
            f.String("merchantRequestId", required: true, MerchantRequestIdMax, lettersOrDigits: true)!,
            ContractId(f),
            f.Amount("amount", required: true)!.Value,
            Currency(f, required: false),
            f.String("productName", required: true, ProductNameMax)!,
            f.String("productType", required: false, ProductTypeMax),
            f.String("productDetail", required: false, ProductDetailMax),
            f.Url("webhookUrl", WebhookUrlMax));
        var result = await context.RequestServices.GetRequiredService<PayApplyHandler>()
            .HandleAsync(command, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, payment => new PaymentApplyResult
        {
            OrderId = Wire.Id(payment.PrepayId),
            PrepayId = Wire.Id(payment.PrepayId),
            MerchantRequestId = payment.MerchantRequestId,
            AppliedTime = payment.AppliedTimeMs,
            Status = "SUCCESS",
        });
    }

    private static async Task<IResult> NotifyAsync(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var command = new PayNotifyCommand(
            request.Merchant.MerchantId,
            f.String("merchantRequestId", required: true, MerchantRequestIdMax, lettersOrDigits: true)!,
            ContractId(f),
            f.Amount("estimatedAmount", required: true)!.Value,
            Currency(f, required: true)!);
        var result = await context.RequestServices.GetRequiredService<PayNotifyHandler>()
            .HandleAsync(command, context.RequestAborted).ConfigureAwait(false);
        return BinanceEnvelope.From(result, n => new PaymentNotifyResult
        {
            OrderId = Wire.Id(n.OrderId),
            MerchantRequestId = n.MerchantRequestId,
            TransactionTime = n.TransactionTimeMs,
        });
    }

    /// <summary><c>tradeMode</c> (required, only DIRECT_DEBIT) and <c>bizId</c>, the contractId as a
    /// number or a string of digits.</summary>
    private static long ContractId(FieldReader f)
    {
        f.Enum("tradeMode", required: true, DirectDebitNames.TradeMode);
        var id = f.Long("bizId", required: true)!.Value;
        return id > 0 ? id : throw new FieldException(ResultCodes.InvalidParamWrongValue, "bizId: must be a positive contractId");
    }

    private static string? Currency(FieldReader f, bool required) =>
        f.String("currency", required, 16, lettersOrDigits: true);
}
