using Citrine.Contracts;
using Citrine.Server.Http;

namespace Citrine.Server.Features.Orders;

/// <summary>Field rules shared by the create-order versions (docs/api-reference.md#create-order-v1, #create-order-v2,
/// docs/api-reference.md#create-order-versions for v3).</summary>
internal static class OrderFieldRules
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

    public static readonly string[] TerminalTypes = ["APP", "WEB", "WAP", "MINI_PROGRAM", "OTHERS"];
    public static readonly string[] OsTypes = ["IOS", "ANDROID"];
    public static readonly string[] GoodsTypes = ["01", "02"];
    public static readonly string[] ShippingAddressTypes = ["01", "02", "03", "04"];

    public static readonly string[] GoodsCategories =
    [
        "0000", "1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000", "9000", "A000", "B000", "C000",
        "D000", "E000", "F000", "Z000",
    ];

    public static string MerchantTradeNo(FieldReader fields) =>
        fields.String("merchantTradeNo", required: true, MerchantTradeNoMax, lettersOrDigits: true)!;

    public static string? Currency(FieldReader fields, string name, bool required) =>
        fields.String(name, required, CurrencyMax, lettersOrDigits: true);

    /// <summary><c>merchant.subMerchantId</c>: a string of at most 19 digits.</summary>
    public static long? SubMerchantId(FieldReader fields)
    {
        var merchant = fields.Object("merchant", required: false);
        var text = merchant?.String("subMerchantId", required: false, 19, lettersOrDigits: true);
        if (text is null)
        {
            return null;
        }

        if (!text.All(char.IsAsciiDigit))
        {
            throw new FieldException(ResultCodes.InvalidParamIllegalChar, "merchant.subMerchantId: digits only");
        }

        // Nineteen digits can exceed a long: a well-formed id that no sub-merchant can have.
        return long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FieldException(ResultCodes.SubMerchantInvalid,
                "merchant.subMerchantId: no such active sub-merchant under this merchant");
    }

    /// <summary>The <c>env</c> object; returns the terminal type.</summary>
    public static string Env(FieldReader fields, bool appIdGiven)
    {
        var env = fields.Object("env", required: true)!.Value;
        var terminal = env.Enum("terminalType", required: true, TerminalTypes)!;
        env.Enum("osType", required: false, OsTypes);
        env.String("orderClientIp", required: false, 64);
        env.String("cookieId", required: false, 256);
        if (terminal == "MINI_PROGRAM" && !appIdGiven)
        {
            throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed,
                "appId: is mandatory when env.terminalType is MINI_PROGRAM");
        }

        return terminal;
    }

    /// <summary>One goods object; returns (goodsType, goodsName, goodsDetail).</summary>
    public static (string Type, string Name, string? Detail) Goods(FieldReader goods)
    {
        var type = goods.Enum("goodsType", required: true, GoodsTypes)!;
        goods.Enum("goodsCategory", required: true, GoodsCategories);
        goods.String("referenceGoodsId", required: true, 64);
        var name = goods.String("goodsName", required: true, ProductNameMax)!;
        var detail = goods.String("goodsDetail", required: false, ProductNameMax);
        if (goods.Object("goodsUnitAmount", required: false) is { } unit)
        {
            Currency(unit, "currency", required: true);
            unit.Amount("amount", required: true);
        }

        goods.String("goodsQuantity", required: false, 32);
        return (type, name, detail);
    }

    /// <summary>The optional <c>shipping</c> and <c>buyer</c> objects: validated, not stored.</summary>
    public static void ShippingAndBuyer(FieldReader fields)
    {
        if (fields.Object("shipping", required: false) is { } shipping)
        {
            PersonName(shipping.Object("shippingName", required: false));
            if (shipping.Object("shippingAddress", required: false) is { } address)
            {
                var region = address.String("region", required: true, 2, lettersOrDigits: true)!;
                if (region.Length != 2)
                {
                    throw new FieldException(ResultCodes.InvalidParamWrongLength,
                        "shipping.shippingAddress.region: a 2-letter ISO 3166 code");
                }

                address.String("state", required: false, 128);
                address.String("city", required: false, 128);
                address.String("address", required: false, 256);
                address.String("zipCode", required: false, 32);
                address.Enum("shippingAddressType", required: false, ShippingAddressTypes);
            }

            shipping.String("shippingPhoneNo", required: false, 32);
        }

        if (fields.Object("buyer", required: false) is { } buyer)
        {
            buyer.String("referenceBuyerId", required: false, 64);
            PersonName(buyer.Object("buyerName", required: false));
            buyer.String("buyerPhoneCountryCode", required: false, 8);
            buyer.String("buyerPhoneNo", required: false, 32);
            buyer.String("buyerEmail", required: false, 256);
            buyer.Long("buyerRegistrationTime", required: false);
            buyer.String("buyerBrowserLanguage", required: false, 32);
        }
    }

    private static void PersonName(FieldReader? name)
    {
        if (name is { } n)
        {
            n.String("firstName", required: true, 128);
            n.String("middleName", required: false, 128);
            n.String("lastName", required: true, 128);
        }
    }
}
