using Citrine.Contracts;
using Citrine.Server.Http.Declarations;
using static Citrine.Server.Http.Declarations.Fields;

namespace Citrine.Server.Features.Orders;

/// <summary>
/// Field declarations shared by the order endpoints (docs/api-reference.md#create-order-v1, #create-order-v2,
/// docs/compatibility.md for v3), each in the order its rules are checked.
/// </summary>
internal static class OrderFields
{
    public const int MerchantTradeNoMax = 32;
    public const int ProductNameMax = 256;
    public const int ProductTypeMax = 16;
    public const int UrlMax = 256;
    public const int PassThroughInfoMax = 512;
    public const int SupportPayCurrencyMax = 1024;
    public const int UniversalUrlAttachMax = 120;
    public const int CurrencyMax = 10;
    public const int GoodsDetailsMax = 100;
    public const int PrepayIdMax = 19;

    public static readonly string[] TerminalTypes = ["APP", "WEB", "WAP", "MINI_PROGRAM", "OTHERS"];
    public static readonly string[] OsTypes = ["IOS", "ANDROID"];
    public static readonly string[] GoodsTypes = ["01", "02"];
    public static readonly string[] ShippingAddressTypes = ["01", "02", "03", "04"];

    public static readonly string[] GoodsCategories =
    [
        "0000", "1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000", "9000", "A000", "B000", "C000",
        "D000", "E000", "F000", "Z000",
    ];

    public static readonly Field MerchantTradeNo = Text("merchantTradeNo", required: true, MerchantTradeNoMax,
        lettersOrDigits: true);

    public static readonly Field ReturnUrl = Url("returnUrl", UrlMax);
    public static readonly Field CancelUrl = Url("cancelUrl", UrlMax);
    public static readonly Field WebhookUrl = Url("webhookUrl", UrlMax);
    public static readonly Field OrderExpireTime = Integer("orderExpireTime", required: false);
    public static readonly Field SupportPayCurrency = Text("supportPayCurrency", false, SupportPayCurrencyMax);
    public static readonly Field PassThroughInfo = Text("passThroughInfo", false, PassThroughInfoMax);
    public static readonly Field UniversalUrlAttach = Text("universalUrlAttach", false, UniversalUrlAttachMax);
    public static readonly Field AppId = Text("appId", required: false, 64);

    /// <summary><c>merchant.subMerchantId</c>: a string of at most 19 digits.</summary>
    public static readonly Field SubMerchantId = Text("subMerchantId", required: false, 19, lettersOrDigits: true)
        .Check<string>(ResultCodes.InvalidParamIllegalChar, "digits only", text => text.All(char.IsAsciiDigit));

    public static readonly Field Merchant = Object("merchant", required: false, SubMerchantId);

    public static readonly Field TerminalType = Enum("terminalType", required: true, TerminalTypes);

    public static readonly Field Env = Object("env", required: true,
        TerminalType,
        Enum("osType", required: false, OsTypes),
        Text("orderClientIp", required: false, 64),
        Text("cookieId", required: false, 256));

    /// <summary>appId is mandatory for a mini program (checked right after <c>env</c>).</summary>
    public static readonly Rule MiniProgramNeedsAppId = Rule("appId is mandatory when env.terminalType is MINI_PROGRAM",
        ResultCodes.MandatoryParamEmptyOrMalformed,
        c => c.Values.Object(Env)!.Text(TerminalType) == "MINI_PROGRAM" && !c.Values.Has(AppId)
            ? "appId: is mandatory when env.terminalType is MINI_PROGRAM"
            : null);

    public static readonly Field GoodsType = Enum("goodsType", required: true, GoodsTypes);
    public static readonly Field GoodsName = Text("goodsName", required: true, ProductNameMax);
    public static readonly Field GoodsDetail = Text("goodsDetail", required: false, ProductNameMax);

    /// <summary>One goods object (v2 <c>goods</c>, each v3 <c>goodsDetails</c> entry).</summary>
    public static readonly Shape Goods = Shape.Of(
        GoodsType,
        Enum("goodsCategory", required: true, GoodsCategories),
        Text("referenceGoodsId", required: true, 64),
        GoodsName,
        GoodsDetail,
        Object("goodsUnitAmount", required: false,
            Currency("currency", required: true),
            Amount("amount", required: true)),
        Text("goodsQuantity", required: false, 32));

    /// <summary>The optional <c>shipping</c> object: validated, not stored.</summary>
    public static readonly Field Shipping = Object("shipping", required: false,
        PersonName("shippingName"),
        Object("shippingAddress", required: false,
            Text("region", required: true, 2, lettersOrDigits: true)
                .Check<string>(ResultCodes.InvalidParamWrongLength, "a 2-letter ISO 3166 code", r => r.Length == 2),
            Text("state", required: false, 128),
            Text("city", required: false, 128),
            Text("address", required: false, 256),
            Text("zipCode", required: false, 32),
            Enum("shippingAddressType", required: false, ShippingAddressTypes)),
        Text("shippingPhoneNo", required: false, 32));

    /// <summary>The optional <c>buyer</c> object: validated, not stored.</summary>
    public static readonly Field Buyer = Object("buyer", required: false,
        Text("referenceBuyerId", required: false, 64),
        PersonName("buyerName"),
        Text("buyerPhoneCountryCode", required: false, 8),
        Text("buyerPhoneNo", required: false, 32),
        Text("buyerEmail", required: false, 256),
        Integer("buyerRegistrationTime", required: false),
        Text("buyerBrowserLanguage", required: false, 32));

    public static readonly Field IfProfitSharing = Boolean("ifProfitSharing", required: false);

    /// <summary>The optional <c>orderTags</c> object (v2, v3): <c>ifProfitSharing</c> lets profit-sharing splits pay
    /// out of the order once it is PAID (docs/api-reference.md#profit-sharing).</summary>
    public static readonly Field OrderTagsField = Object("orderTags", required: false, IfProfitSharing);

    /// <summary>A currency code: at most 10 letters or digits.</summary>
    public static Field Currency(string name, bool required) => Text(name, required, CurrencyMax, lettersOrDigits: true);

    private static Field PersonName(string name) => Object(name, required: false,
        Text("firstName", required: true, 128),
        Text("middleName", required: false, 128),
        Text("lastName", required: true, 128));
}
