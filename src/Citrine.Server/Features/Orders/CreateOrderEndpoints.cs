using System.Globalization;
using Citrine.Application;
using Citrine.Application.Orders;
using Citrine.Contracts;
using Citrine.Contracts.Orders;
using Citrine.Server.Http;
using Citrine.Server.Http.Declarations;
using Citrine.Server.Http.Ingress;
using Microsoft.AspNetCore.Http;
using static Citrine.Server.Features.Orders.OrderFields;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Orders;

/// <summary>
/// Create Order v1, v2 and v3, each declared once: its fields in the order they are checked, then the mapping of
/// the version's wire names onto one <see cref="CreateOrderCommand"/>. Business rules are in
/// <see cref="CreateOrderHandler"/>.
/// </summary>
internal static class CreateOrderEndpoints
{
    private static readonly Field V1MerchantId = Integer("merchantId", required: true);
    private static readonly Field V1SubMerchantId = Integer("subMerchantId", required: false);
    private static readonly Field V1TradeType = Enum("tradeType", required: true, ["WEB", "APP"]);
    private static readonly Field V1TotalFee = Amount("totalFee", required: true);
    private static readonly Field V1Currency = Currency("currency", required: true);
    private static readonly Field V1ProductType = Text("productType", required: true, ProductTypeMax);
    private static readonly Field V1ProductName = Text("productName", required: true, ProductNameMax);
    private static readonly Field V1ProductDetail = Text("productDetail", required: false, ProductNameMax);

    private static readonly Field GoodsV2 = Object("goods", required: true, [.. Goods.Items]);
    private static readonly Field OrderAmountV2 = Amount("orderAmount", required: true);
    private static readonly Field CurrencyV2 = Currency("currency", required: true);

    private static readonly Field Description = Text("description", required: true, ProductNameMax);
    private static readonly Field GoodsDetails = Array("goodsDetails", required: false, GoodsDetailsMax, Goods);
    private static readonly Field OrderAmountV3 = Amount("orderAmount", required: false);
    private static readonly Field CurrencyV3 = Currency("currency", required: false);

    /// <summary>v3's <c>qrCodeReferId</c>: the referId of a merchant QR code scan (docs/api-reference.md#merchant-qr-codes).</summary>
    private static readonly Field QrCodeReferId = Text("qrCodeReferId", required: false, 32, lettersOrDigits: true);
    private static readonly Field FiatAmount = Amount("fiatAmount", required: false);
    private static readonly Field FiatCurrency = Currency("fiatCurrency", required: false);

    /// <summary>What <see cref="CreateOrderHandler"/> answers: currency, amount or expiry out of range, a
    /// duplicate merchantTradeNo, an unknown sub-merchant.</summary>
    private static readonly DeclaredCode[] CreateCodes =
        [ResultCodes.InvalidParamWrongValue, ResultCodes.InvalidMerchantTradeNo, ResultCodes.SubMerchantInvalid];

    public static readonly EndpointDeclaration V1 = new()
    {
        Path = "/binancepay/openapi/order",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(CreateOrderV1Request),
        Response = typeof(CreateOrderV1Result),
        Request = Shape.Of(V1MerchantId, V1SubMerchantId, MerchantTradeNo, V1TradeType, V1TotalFee, V1Currency,
            V1ProductType, V1ProductName, V1ProductDetail, ReturnUrl,
            // docs/decisions.md#v1-merchant-id: merchantId must name the merchant that owns the API key.
            Rule("merchantId is the merchant that owns the API key", ResultCodes.InvalidParamWrongValue,
                c => c.Values.Number(V1MerchantId) != c.Caller.MerchantId
                    ? "merchantId: must be the merchant that owns the API key"
                    : null)),
        Handler = CreateV1Async,
        Summary = "Create Order (v1)",
        Example = """
            {"merchantId":123456789,"merchantTradeNo":"9825382937292","tradeType":"WEB","totalFee":25.17,"currency":"EUR",
             "productType":"Food","productName":"Ice Cream","productDetail":"Greentea ice cream cone"}
            """,
        Codes = CreateCodes,
    };

    public static readonly EndpointDeclaration V2 = new()
    {
        Path = "/binancepay/openapi/v2/order",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(CreateOrderV2Request),
        Response = typeof(CreateOrderResult),
        Request = new Shape([.. Common(), GoodsV2, OrderAmountV2, CurrencyV2]),
        Handler = CreateV2Async,
        Summary = "Create Order (v2)",
        Example = """
            {"env":{"terminalType":"APP"},"merchantTradeNo":"9825382937292","orderAmount":25.17,"currency":"USDT",
             "goods":{"goodsType":"01","goodsCategory":"D000","referenceGoodsId":"7876763A3B","goodsName":"Ice Cream",
             "goodsDetail":"Greentea ice cream cone"}}
            """,
        Codes = CreateCodes,
    };

    public static readonly EndpointDeclaration V3 = new()
    {
        Path = "/binancepay/openapi/v3/order",
        Auth = AuthPolicy.SignedMerchant,
        RequestDto = typeof(CreateOrderV3Request),
        Response = typeof(CreateOrderResult),
        Request = new Shape([
            .. Common(), Description, GoodsDetails, OrderAmountV3, CurrencyV3, FiatAmount, FiatCurrency, QrCodeReferId,
            new Rule("one amount pair: orderAmount with currency, or fiatAmount with fiatCurrency",
                ResultCodes.MandatoryParamEmptyOrMalformed, c => CheckV3AmountPair(c.Values)),
        ]),
        Handler = CreateV3Async,
        Summary = "Create Order (v3)",
        Example = """
            {"env":{"terminalType":"APP"},"merchantTradeNo":"9825382937292","orderAmount":10,"currency":"USDT",
             "description":"Ice cream","goodsDetails":[{"goodsType":"01","goodsCategory":"D000",
             "referenceGoodsId":"7876763A3B","goodsName":"Ice Cream"}]}
            """,
        Codes = CreateCodes,
    };

    public static IReadOnlyList<EndpointDeclaration> Declarations { get; } = [V1, V2, V3];

    private static async Task<IResult> CreateV1Async(Inbound request, CreateOrderHandler handler,
        CitrineOptions options, HttpContext context)
    {
        var f = request.Fields;
        var command = new CreateOrderCommand
        {
            MerchantId = request.MerchantId,
            ApiVersion = 1,
            AmountField = "totalFee",
            SubMerchantIdField = "subMerchantId",
            MerchantTradeNo = f.Text(MerchantTradeNo)!,
            TerminalType = f.Text(V1TradeType)!,
            AmountUnits = f.Number(V1TotalFee),
            Currency = f.Text(V1Currency),
            ProductType = f.Text(V1ProductType),
            ProductName = f.Text(V1ProductName)!,
            ProductDetail = f.Text(V1ProductDetail),
            ReturnUrl = f.Text(ReturnUrl),
            SubMerchantId = f.Number(V1SubMerchantId),
        };
        var result = await handler.HandleAsync(command, context.RequestAborted).ConfigureAwait(false);
        var baseUrl = OrderLinks.BaseUrl(context, options);
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

    private static async Task<IResult> CreateV2Async(Inbound request, CreateOrderHandler handler,
        CitrineOptions options, HttpContext context)
    {
        var f = request.Fields;
        var goods = f.Object(GoodsV2)!;
        var command = ReadCommon(request) with
        {
            ApiVersion = 2,
            AmountUnits = f.Number(OrderAmountV2),
            Currency = f.Text(CurrencyV2),
            ProductType = goods.Text(GoodsType),
            ProductName = goods.Text(GoodsName)!,
            ProductDetail = goods.Text(GoodsDetail),
        };
        var result = await handler.HandleAsync(command, context.RequestAborted).ConfigureAwait(false);
        return Answer(context, options, result, f, includeAmounts: false);
    }

    private static async Task<IResult> CreateV3Async(Inbound request, CreateOrderHandler handler,
        CitrineOptions options, HttpContext context, Application.Partners.MerchantQrService qrCodes)
    {
        var f = request.Fields;
        var description = f.Text(Description)!;
        var first = f.Items(GoodsDetails) is { Count: > 0 } goods ? goods[0] : null;
        var command = ReadCommon(request) with
        {
            ApiVersion = 3,
            AmountUnits = f.Number(OrderAmountV3),
            Currency = f.Text(CurrencyV3),
            FiatAmountUnits = f.Number(FiatAmount),
            FiatCurrency = f.Text(FiatCurrency),
            ProductType = first?.Text(GoodsType),
            ProductName = first?.Text(GoodsName) ?? description,
            ProductDetail = first?.Text(GoodsDetail) ?? description,
        };
        if (f.Text(QrCodeReferId) is not { Length: > 0 } referId)
        {
            return Answer(context, options, await handler.HandleAsync(command, context.RequestAborted)
                .ConfigureAwait(false), f, includeAmounts: true);
        }

        // The scan is claimed before the order is created, so two orders can never both take it; a refused order
        // gives it back (MerchantQrService).
        if (await qrCodes.ClaimAsync(request.MerchantId, referId, context.RequestAborted).ConfigureAwait(false) is
            { } taken)
        {
            return BinanceEnvelope.Fail(taken.Code, taken.Message);
        }

        var result = await handler.HandleAsync(command, context.RequestAborted).ConfigureAwait(false);
        await qrCodes.SettleAsync(request.MerchantId, referId, result.IsSuccess ? result.Value!.PrepayId : null,
            CancellationToken.None).ConfigureAwait(false);
        return Answer(context, options, result, f, includeAmounts: true);
    }

    /// <summary>Fields v2 and v3 share, in the order they are checked.</summary>
    private static ShapeItem[] Common() =>
    [
        Shipping, Buyer, UniversalUrlAttach, AppId, Merchant, Env, MiniProgramNeedsAppId, MerchantTradeNo, ReturnUrl,
        CancelUrl, OrderExpireTime, SupportPayCurrency, PassThroughInfo, WebhookUrl, OrderTagsField,
    ];

    private static CreateOrderCommand ReadCommon(Inbound request)
    {
        var f = request.Fields;
        return new CreateOrderCommand
        {
            MerchantId = request.MerchantId,
            ApiVersion = 0,
            SubMerchantId = f.Object(Merchant)?.Text(SubMerchantId) is { } text
                // Nineteen digits can exceed a long: a well-formed id that no sub-merchant has (400206).
                ? long.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : -1
                : null,
            TerminalType = f.Object(Env)!.Text(TerminalType)!,
            MerchantTradeNo = f.Text(MerchantTradeNo)!,
            ProductName = "",
            ReturnUrl = f.Text(ReturnUrl),
            CancelUrl = f.Text(CancelUrl),
            OrderExpireTimeMs = f.Number(OrderExpireTime),
            SupportPayCurrency = f.Text(SupportPayCurrency),
            PassThroughInfo = f.Text(PassThroughInfo),
            WebhookUrl = f.Text(WebhookUrl),
            ProfitSharing = f.Object(OrderTagsField)?.Flag(IfProfitSharing) == true,
        };
    }

    private static Application.Failure? CheckV3AmountPair(FieldValues f)
    {
        var (amount, currency) = (f.Has(OrderAmountV3), f.Has(CurrencyV3));
        var (fiatAmount, fiatCurrency) = (f.Has(FiatAmount), f.Has(FiatCurrency));
        var hasCrypto = amount || currency;
        var hasFiat = fiatAmount || fiatCurrency;
        if (!hasCrypto && !hasFiat)
        {
            return new(ResultCodes.MandatoryParamEmptyOrMalformed,
                "orderAmount/currency and fiatAmount/fiatCurrency: cannot be both null");
        }

        if (hasCrypto && hasFiat)
        {
            return new(ResultCodes.InvalidRequest,
                "orderAmount/currency and fiatAmount/fiatCurrency: give one pair, not both");
        }

        if (hasCrypto && !(amount && currency))
        {
            return new(ResultCodes.MandatoryParamEmptyOrMalformed,
                !amount ? "orderAmount: is mandatory with currency" : "currency: is mandatory with orderAmount");
        }

        if (hasFiat && !(fiatAmount && fiatCurrency))
        {
            return new(ResultCodes.MandatoryParamEmptyOrMalformed,
                !fiatAmount ? "fiatAmount: is mandatory with fiatCurrency" : "fiatCurrency: is mandatory with fiatAmount");
        }

        return null;
    }

    private static BinanceEnvelope Answer(HttpContext context, CitrineOptions options, Result<Order> result,
        FieldValues f, bool includeAmounts)
    {
        var attach = f.Text(UniversalUrlAttach);
        var baseUrl = OrderLinks.BaseUrl(context, options);
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
}
