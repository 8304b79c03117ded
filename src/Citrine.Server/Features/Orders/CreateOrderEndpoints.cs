using Citrine.Application;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Contracts.Orders;
using Citrine.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Citrine.Server.Features.Orders;

/// <summary>Create Order v1, v2 and v3: wire rules here, business rules in <see cref="CreateOrderHandler"/>.</summary>
internal static class CreateOrderEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapSigned("/binancepay/openapi/order", CreateV1Async);
        api.MapSigned("/binancepay/openapi/v2/order", CreateV2Async);
        api.MapSigned("/binancepay/openapi/v3/order", CreateV3Async);
    }

    private static async Task<IResult> CreateV1Async(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var merchantId = f.Long("merchantId", required: true)!.Value;
        var subMerchantId = f.Long("subMerchantId", required: false);
        var command = new CreateOrderCommand
        {
            MerchantId = request.Merchant.MerchantId,
            ApiVersion = 1,
            MerchantTradeNo = OrderFieldRules.MerchantTradeNo(f),
            TerminalType = f.Enum("tradeType", required: true, "WEB", "APP")!,
            AmountUnits = f.Amount("totalFee", required: true),
            Currency = OrderFieldRules.Currency(f, "currency", required: true),
            ProductType = f.String("productType", required: true, OrderFieldRules.ProductTypeMax),
            ProductName = f.String("productName", required: true, OrderFieldRules.ProductNameMax)!,
            ProductDetail = f.String("productDetail", required: false, OrderFieldRules.ProductNameMax),
            ReturnUrl = f.Url("returnUrl", OrderFieldRules.UrlMax),
            SubMerchantId = subMerchantId,
        };

        // docs/decisions.md#v1-merchant-id: merchantId must name the merchant that owns the API key.
        if (merchantId != request.Merchant.MerchantId)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidParamWrongValue,
                "merchantId: must be the merchant that owns the API key");
        }

        var result = await Handle(context, command).ConfigureAwait(false);
        var baseUrl = OrderLinks.BaseUrl(context, Options(context));
        return BinanceEnvelope.From(result, order =>
        {
            var links = OrderLinks.For(baseUrl, order);
            return new CreateOrderV1Result
            {
                PrepayId = Wire.Id(order.PrepayId),
                TradeType = order.TerminalType,
                ExpireTime = order.ExpireTimeMs,
                QrcodeLink = links.QrcodeLink,
                QrContent = links.QrContent,
                CheckoutUrl = links.CheckoutUrl,
                Deeplink = links.Deeplink,
                UniversalUrl = links.UniversalUrl,
            };
        });
    }

    private static async Task<IResult> CreateV2Async(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var common = ReadCommon(f);
        var goods = OrderFieldRules.Goods(f.Object("goods", required: true)!.Value);
        var command = common with
        {
            MerchantId = request.Merchant.MerchantId,
            ApiVersion = 2,
            AmountUnits = f.Amount("orderAmount", required: true),
            Currency = OrderFieldRules.Currency(f, "currency", required: true),
            ProductType = goods.Type,
            ProductName = goods.Name,
            ProductDetail = goods.Detail,
        };
        return Answer(context, await Handle(context, command).ConfigureAwait(false), f, includeAmounts: false);
    }

    private static async Task<IResult> CreateV3Async(SignedRequest request, HttpContext context)
    {
        var f = request.Fields;
        var common = ReadCommon(f);
        var description = f.String("description", required: true, OrderFieldRules.ProductNameMax)!;
        var goods = f.Array("goodsDetails", required: false, OrderFieldRules.GoodsDetailsMax)
            ?.Select(OrderFieldRules.Goods).ToList();
        var amount = f.Amount("orderAmount", required: false);
        var currency = OrderFieldRules.Currency(f, "currency", required: false);
        var fiatAmount = f.Amount("fiatAmount", required: false);
        var fiatCurrency = OrderFieldRules.Currency(f, "fiatCurrency", required: false);
        if (CheckV3AmountPair(amount, currency, fiatAmount, fiatCurrency) is { } failure)
        {
            return failure;
        }

        var first = goods?.FirstOrDefault();
        var command = common with
        {
            MerchantId = request.Merchant.MerchantId,
            ApiVersion = 3,
            AmountUnits = amount,
            Currency = currency,
            FiatAmountUnits = fiatAmount,
            FiatCurrency = fiatCurrency,
            ProductType = first?.Type,
            ProductName = first?.Name ?? description,
            ProductDetail = first?.Detail ?? description,
        };
        return Answer(context, await Handle(context, command).ConfigureAwait(false), f, includeAmounts: true);
    }

    private static BinanceEnvelope? CheckV3AmountPair(long? amount, string? currency, long? fiatAmount,
        string? fiatCurrency)
    {
        var hasCrypto = amount is not null || currency is not null;
        var hasFiat = fiatAmount is not null || fiatCurrency is not null;
        if (!hasCrypto && !hasFiat)
        {
            return BinanceEnvelope.Fail(ResultCodes.MandatoryParamEmptyOrMalformed,
                "orderAmount/currency and fiatAmount/fiatCurrency: cannot be both null");
        }

        if (hasCrypto && hasFiat)
        {
            return BinanceEnvelope.Fail(ResultCodes.InvalidRequest,
                "orderAmount/currency and fiatAmount/fiatCurrency: give one pair, not both");
        }

        if (hasCrypto && (amount is null || currency is null))
        {
            return BinanceEnvelope.Fail(ResultCodes.MandatoryParamEmptyOrMalformed,
                amount is null ? "orderAmount: is mandatory with currency" : "currency: is mandatory with orderAmount");
        }

        if (hasFiat && (fiatAmount is null || fiatCurrency is null))
        {
            return BinanceEnvelope.Fail(ResultCodes.MandatoryParamEmptyOrMalformed,
                fiatAmount is null ? "fiatAmount: is mandatory with fiatCurrency" : "fiatCurrency: is mandatory with fiatAmount");
        }

        return null;
    }

    /// <summary>Fields v2 and v3 share.</summary>
    private static CreateOrderCommand ReadCommon(FieldReader f)
    {
        OrderFieldRules.ShippingAndBuyer(f);
        f.String("universalUrlAttach", required: false, OrderFieldRules.UniversalUrlAttachMax);
        var appId = f.String("appId", required: false, 64);
        return new CreateOrderCommand
        {
            MerchantId = 0,
            ApiVersion = 0,
            SubMerchantId = OrderFieldRules.SubMerchantId(f),
            TerminalType = OrderFieldRules.Env(f, appId is not null),
            MerchantTradeNo = OrderFieldRules.MerchantTradeNo(f),
            ProductName = "",
            ReturnUrl = f.Url("returnUrl", OrderFieldRules.UrlMax),
            CancelUrl = f.Url("cancelUrl", OrderFieldRules.UrlMax),
            OrderExpireTimeMs = f.Long("orderExpireTime", required: false),
            SupportPayCurrency = f.String("supportPayCurrency", required: false, OrderFieldRules.SupportPayCurrencyMax),
            PassThroughInfo = f.String("passThroughInfo", required: false, OrderFieldRules.PassThroughInfoMax),
            WebhookUrl = f.Url("webhookUrl", OrderFieldRules.UrlMax),
        };
    }

    private static BinanceEnvelope Answer(HttpContext context, Result<Order> result, FieldReader f, bool includeAmounts)
    {
        var attach = f.String("universalUrlAttach", required: false, OrderFieldRules.UniversalUrlAttachMax);
        var baseUrl = OrderLinks.BaseUrl(context, Options(context));
        return BinanceEnvelope.From(result, order =>
        {
            var links = OrderLinks.For(baseUrl, order, attach);
            return new CreateOrderResult
            {
                PrepayId = Wire.Id(order.PrepayId),
                TerminalType = order.TerminalType,
                ExpireTime = order.ExpireTimeMs,
                QrcodeLink = links.QrcodeLink,
                QrContent = links.QrContent,
                CheckoutUrl = links.CheckoutUrl,
                Deeplink = links.Deeplink,
                UniversalUrl = links.UniversalUrl,
                Currency = includeAmounts ? order.Currency : null,
                TotalFee = includeAmounts ? Amounts.FromUnits(order.AmountUnits) : null,
                FiatCurrency = includeAmounts ? order.FiatCurrency : null,
                FiatAmount = includeAmounts && order.FiatAmountUnits is { } fiat ? Amounts.FromUnits(fiat) : null,
            };
        });
    }

    private static Task<Result<Order>> Handle(HttpContext context, CreateOrderCommand command) =>
        context.RequestServices.GetRequiredService<CreateOrderHandler>().HandleAsync(command, context.RequestAborted);

    private static CitrineOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<CitrineOptions>();
}
