using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>What a bad-input case needs to build its body: a fresh merchant, a fresh merchantTradeNo, the time.</summary>
public sealed record BadInputContext(long MerchantId, string TradeNo, long NowMs);

/// <summary>
/// One bad request: where it goes, the body, the result code it must get and the start of the errorMessage (the
/// field and its path, or "request body" for the body as a whole). <see cref="TradeNoIsValid"/> is false when the
/// case breaks merchantTradeNo itself, so it cannot be looked up afterwards.
/// </summary>
public sealed record BadInputCase(string Path, string Code, string MessagePrefix, Func<BadInputContext, byte[]> Body,
    bool TradeNoIsValid = true)
{
    public bool IsCreate => Path is OrderApi.CreateV1 or OrderApi.CreateV2 or OrderApi.CreateV3;
}

/// <summary>
/// The bad-input corpus of issue 2: wrong types, lengths, symbols, decimals, ranges, currencies, missing objects,
/// nested garbage, huge numbers, duplicate keys, broken JSON and broken UTF-8, each with its documented code
/// (400001, 400008, 400100 missing/malformed, 400101 length/format, 400102 value/range, 400103 characters, and 400206
/// for a sub-merchant id that cannot exist).
/// </summary>
public static class BadInputCorpus
{
    private const string Marker = "@@RAW@@";
    private const string Marker2 = "@@BYTES@@";

    public static IReadOnlyDictionary<string, BadInputCase> Cases { get; } = Build();

    public static TheoryData<string> Names => new(Cases.Keys);

    private static Dictionary<string, BadInputCase> Build()
    {
        var cases = new Dictionary<string, BadInputCase>(StringComparer.Ordinal);
        AddV2(cases);
        AddV1(cases);
        AddV3(cases);
        foreach (var path in new[] { OrderApi.QueryV1, OrderApi.QueryV2, OrderApi.Close })
        {
            AddLookup(cases, path);
        }

        AddSubMerchant(cases);
        return cases;
    }

    private static void AddV2(Dictionary<string, BadInputCase> c)
    {
        const string p = OrderApi.CreateV2;
        var v2 = (BadInputContext x) => Node(Orders.V2(x.TradeNo));

        // The body as a whole.
        RawCase(c, p, "empty body", "400008", "request body", _ => "");
        RawCase(c, p, "array body", "400008", "request body", _ => "[]");
        RawCase(c, p, "null body", "400008", "request body", _ => "null");
        RawCase(c, p, "number body", "400008", "request body", _ => "123");
        RawCase(c, p, "string body", "400008", "request body", _ => "\"order\"");
        RawCase(c, p, "truncated object", "400008", "request body", x => Text(v2(x))[..20]);
        RawCase(c, p, "two objects", "400008", "request body", x => Text(v2(x)) + "{}");
        RawCase(c, p, "trailing comma", "400008", "request body", x => Text(v2(x))[..^1] + ",}");
        RawCase(c, p, "single quotes", "400008", "request body", x => Text(v2(x)).Replace('"', '\''));
        RawCase(c, p, "comment", "400008", "request body", x => "/* order */" + Text(v2(x)));
        RawCase(c, p, "NaN literal", "400008", "request body", x => Set(v2(x), "orderAmount", "NaN"));
        RawCase(c, p, "deeply nested arrays", "400008", "request body",
            x => Set(v2(x), "extra", new string('[', 100) + new string(']', 100)));
        RawCase(c, p, "deeply nested objects", "400008", "request body",
            x => Set(v2(x), "extra", string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40)));
        RawCase(c, p, "duplicate top-level key", "400001", "request body",
            x => "{\"merchantTradeNo\":\"dup1\"," + Text(v2(x))[1..]);
        RawCase(c, p, "duplicate nested key", "400001", "request body",
            x => Set(v2(x), "env", "{\"terminalType\":\"WEB\",\"terminalType\":\"APP\"}"));
        BytesCase(c, p, "invalid UTF-8 in a value", "400008", "request body",
            x => Utf8WithBytes(Set(v2(x), "goods.goodsName", "\"" + Marker2 + "\""), [0xFF, 0xFE]));
        BytesCase(c, p, "overlong UTF-8", "400008", "request body",
            x => Utf8WithBytes(Set(v2(x), "goods.goodsDetail", "\"" + Marker2 + "\""), [0xC0, 0xAF]));
        BytesCase(c, p, "truncated UTF-8 sequence", "400008", "request body",
            x => Utf8WithBytes(Set(v2(x), "goods.goodsName", "\"" + Marker2 + "\""), [0xE2, 0x82]));
        BytesCase(c, p, "UTF-8 encoded surrogate", "400008", "request body",
            x => Utf8WithBytes(Set(v2(x), "goods.goodsName", "\"" + Marker2 + "\""), [0xED, 0xA0, 0x80]));
        BytesCase(c, p, "invalid UTF-8 in a key", "400008", "request body",
            x => Utf8WithBytes(Set(v2(x), Marker2, "1"), [0xFF]));

        // env
        Remove(c, p, v2, "env", "400100");
        Field(c, p, v2, "env", "\"WEB\"", "400100");
        Field(c, p, v2, "env", "[]", "400100");
        Field(c, p, v2, "env", "1", "400100");
        Field(c, p, v2, "env", "{}", "400100", prefix: "env.terminalType");
        Field(c, p, v2, "env.terminalType", "\"PHONE\"", "400102");
        Field(c, p, v2, "env.terminalType", "\"web\"", "400102");
        Field(c, p, v2, "env.terminalType", "null", "400100");
        Field(c, p, v2, "env.terminalType", "123", "400102");
        Field(c, p, v2, "env.terminalType", "\"MINI_PROGRAM\"", "400100", "no appId", prefix: "appId");
        Field(c, p, v2, "env.osType", "\"WINDOWS\"", "400102");
        Field(c, p, v2, "env.orderClientIp", Quote(new string('1', 65)), "400101");

        // goods
        Remove(c, p, v2, "goods", "400100");
        Field(c, p, v2, "goods", "\"ice cream\"", "400100");
        Field(c, p, v2, "goods", "[]", "400100");
        Remove(c, p, v2, "goods.goodsType", "400100");
        Field(c, p, v2, "goods.goodsType", "\"03\"", "400102");
        Field(c, p, v2, "goods.goodsType", "{\"a\":[1,{\"b\":null}]}", "400100");
        Field(c, p, v2, "goods.goodsCategory", "\"X000\"", "400102");
        Remove(c, p, v2, "goods.referenceGoodsId", "400100");
        Field(c, p, v2, "goods.referenceGoodsId", Quote(new string('r', 65)), "400101");
        Remove(c, p, v2, "goods.goodsName", "400100");
        Field(c, p, v2, "goods.goodsName", "\"\"", "400100");
        Field(c, p, v2, "goods.goodsName", Quote(new string('n', 257)), "400101");
        Field(c, p, v2, "goods.goodsName", "\"Ice\\u0000Cream\"", "400103");
        Field(c, p, v2, "goods.goodsName", "\"Ice \\ud800 Cream\"", "400103");
        Field(c, p, v2, "goods.goodsDetail", Quote(new string('d', 257)), "400101");
        Field(c, p, v2, "goods.goodsUnitAmount", "\"12\"", "400100");
        Field(c, p, v2, "goods.goodsUnitAmount", "{\"currency\":\"USDT\",\"amount\":0.123456789}", "400101",
            prefix: "goods.goodsUnitAmount.amount");
        Field(c, p, v2, "goods.goodsUnitAmount", "{\"amount\":1}", "400100", prefix: "goods.goodsUnitAmount.currency");

        // merchantTradeNo
        TradeNo(c, p, v2, null, "400100");
        TradeNo(c, p, v2, "\"\"", "400100");
        TradeNo(c, p, v2, "null", "400100");
        TradeNo(c, p, v2, Quote(new string('7', 33)), "400101", "33 digits");
        TradeNo(c, p, v2, Quote(new string('a', 40)), "400101", "40 letters");
        TradeNo(c, p, v2, "\"abc-123\"", "400103");
        TradeNo(c, p, v2, "\"abc_123\"", "400103");
        TradeNo(c, p, v2, "\"abc 123\"", "400103");
        TradeNo(c, p, v2, "\"abc.123\"", "400103");
        TradeNo(c, p, v2, "\"caf\u00e9\"", "400103");
        TradeNo(c, p, v2, "\"\uff21\uff22\uff23\"", "400103", "fullwidth letters");
        TradeNo(c, p, v2, "\"ice\\ud83c\\udf66\"", "400103", "emoji");
        TradeNo(c, p, v2, "\"abc\\u0000\"", "400103");
        TradeNo(c, p, v2, "\"' OR 1=1 --\"", "400103");
        TradeNo(c, p, v2, "true", "400100");
        TradeNo(c, p, v2, "{}", "400100");
        TradeNo(c, p, v2, "[\"abc\"]", "400100");
        TradeNo(c, p, v2, "1.5", "400100");

        // orderAmount
        Remove(c, p, v2, "orderAmount", "400100");
        Field(c, p, v2, "orderAmount", "null", "400100");
        Field(c, p, v2, "orderAmount", "0.123456789", "400101");
        Field(c, p, v2, "orderAmount", "\"1.123456789\"", "400101");
        Field(c, p, v2, "orderAmount", "1e-9", "400101");
        Field(c, p, v2, "orderAmount", "0", "400102");
        Field(c, p, v2, "orderAmount", "\"0\"", "400102");
        Field(c, p, v2, "orderAmount", "-1", "400102");
        Field(c, p, v2, "orderAmount", "\"-0.5\"", "400102");
        Field(c, p, v2, "orderAmount", "0.009", "400102");
        Field(c, p, v2, "orderAmount", "20000.01", "400102");
        Field(c, p, v2, "orderAmount", "20000.00000001", "400102");
        Field(c, p, v2, "orderAmount", "1e20", "400102");
        Field(c, p, v2, "orderAmount", "1e400", "400102");
        Field(c, p, v2, "orderAmount", "99999999999999999999999", "400102");
        Field(c, p, v2, "orderAmount", "-99999999999999999999999", "400102");
        Field(c, p, v2, "orderAmount", "79228162514264337593543950336", "400102");
        Field(c, p, v2, "orderAmount", "\"99999999999999999999999\"", "400102");
        Field(c, p, v2, "orderAmount", "\"abc\"", "400100");
        Field(c, p, v2, "orderAmount", "\"\"", "400100");
        Field(c, p, v2, "orderAmount", "\"1e3\"", "400100");
        Field(c, p, v2, "orderAmount", "\"1,5\"", "400100");
        Field(c, p, v2, "orderAmount", "\"NaN\"", "400100");
        Field(c, p, v2, "orderAmount", "\"Infinity\"", "400100");
        Field(c, p, v2, "orderAmount", "\" 1\"", "400100");
        Field(c, p, v2, "orderAmount", "\"0x10\"", "400100");
        Field(c, p, v2, "orderAmount", "\"\u0661\u0662\"", "400100", "Arabic-Indic digits");
        Field(c, p, v2, "orderAmount", "true", "400100");
        Field(c, p, v2, "orderAmount", "{}", "400100");
        Field(c, p, v2, "orderAmount", "[25.17]", "400100");

        // currency
        Remove(c, p, v2, "currency", "400100");
        Field(c, p, v2, "currency", "\"\"", "400100");
        Field(c, p, v2, "currency", "\"usdt\"", "400102");
        Field(c, p, v2, "currency", "\"EUR\"", "400102", "fiat on v2");
        Field(c, p, v2, "currency", "\"XYZ\"", "400102");
        Field(c, p, v2, "currency", "\"US DT\"", "400103");
        Field(c, p, v2, "currency", "\"USDT \"", "400103");
        Field(c, p, v2, "currency", "\"ABCDEFGHIJK\"", "400101");
        Field(c, p, v2, "currency", "123", "400102");
        Field(c, p, v2, "currency", "true", "400100");
        Field(c, p, v2, "currency", "[\"USDT\"]", "400100");

        // merchant
        Field(c, p, v2, "merchant", "\"sub\"", "400100");
        Field(c, p, v2, "merchant.subMerchantId", "\"abc\"", "400103");
        Field(c, p, v2, "merchant.subMerchantId", "\"12-34\"", "400103");
        Field(c, p, v2, "merchant.subMerchantId", "12.5", "400100");
        Field(c, p, v2, "merchant.subMerchantId", Quote(new string('9', 20)), "400101");
        Field(c, p, v2, "merchant.subMerchantId", Quote(new string('9', 19)), "400206", "beyond a long");
        Field(c, p, v2, "merchant.subMerchantId", "\"1234567\"", "400206", "unknown");
        Field(c, p, v2, "merchant.subMerchantId", "{}", "400100");

        // Optional fields.
        Field(c, p, v2, "returnUrl", "\"not a url\"", "400102");
        Field(c, p, v2, "returnUrl", "\"ftp://example.com/ok\"", "400102");
        Field(c, p, v2, "returnUrl", Quote("https://example.com/" + new string('u', 240)), "400101");
        Field(c, p, v2, "cancelUrl", "\"/relative/path\"", "400102");
        Field(c, p, v2, "webhookUrl", "\"javascript:alert(1)\"", "400102");
        Field(c, p, v2, "orderExpireTime", "\"soon\"", "400100");
        Field(c, p, v2, "orderExpireTime", "1.5", "400100");
        Field(c, p, v2, "orderExpireTime", "1e400", "400100");
        Field(c, p, v2, "orderExpireTime", "\"-1\"", "400100");
        Field(c, p, v2, "orderExpireTime", "-1", "400102");
        Field(c, p, v2, "orderExpireTime", "0", "400102");
        FieldAt(c, p, v2, "orderExpireTime", x => Invariant(x.NowMs - 1000), "400102", "one second ago");
        FieldAt(c, p, v2, "orderExpireTime", x => Invariant(x.NowMs + 7_200_000), "400102", "two hours ahead");
        FieldAt(c, p, v2, "orderExpireTime", x => Quote(Invariant(x.NowMs + 7_200_000)), "400102",
            "two hours ahead, quoted");
        FieldAt(c, p, v2, "orderExpireTime", x => Invariant(x.NowMs / 1000 + 600), "400102", "in seconds");
        Field(c, p, v2, "supportPayCurrency", "\"BUSD,XYZ\"", "400102");
        Field(c, p, v2, "supportPayCurrency", "\"busd\"", "400102");
        Field(c, p, v2, "supportPayCurrency", Quote(string.Join(",", Enumerable.Repeat("USDT", 206))), "400101");
        Field(c, p, v2, "passThroughInfo", Quote(new string('p', 513)), "400101");
        Field(c, p, v2, "passThroughInfo", "{\"nested\":true}", "400100");
        Field(c, p, v2, "universalUrlAttach", Quote(new string('a', 121)), "400101");
        Field(c, p, v2, "appId", Quote(new string('a', 65)), "400101");
        Field(c, p, v2, "shipping", "5", "400100");
        Field(c, p, v2, "shipping", "{\"shippingAddress\":{\"region\":\"USA\"}}", "400101",
            prefix: "shipping.shippingAddress.region");
        Field(c, p, v2, "shipping", "{\"shippingAddress\":{\"region\":\"U\"}}", "400101",
            prefix: "shipping.shippingAddress.region");
        Field(c, p, v2, "shipping", "{\"shippingName\":{\"lastName\":\"Doe\"}}", "400100",
            prefix: "shipping.shippingName.firstName");
        Field(c, p, v2, "shipping",
            "{\"shippingAddress\":{\"region\":\"US\",\"shippingAddressType\":\"05\"}}", "400102",
            prefix: "shipping.shippingAddress.shippingAddressType");
        Field(c, p, v2, "buyer", "[]", "400100");
        Field(c, p, v2, "buyer", "{\"buyerRegistrationTime\":\"yesterday\"}", "400100",
            prefix: "buyer.buyerRegistrationTime");
        Field(c, p, v2, "buyer", "{\"buyerEmail\":" + Quote(new string('e', 257)) + "}", "400101",
            prefix: "buyer.buyerEmail");
    }

    private static void AddV1(Dictionary<string, BadInputCase> c)
    {
        const string p = OrderApi.CreateV1;
        var v1 = (BadInputContext x) => Node(Orders.V1(x.MerchantId, x.TradeNo));

        RawCase(c, p, "array body", "400008", "request body", _ => "[]");
        RawCase(c, p, "duplicate key", "400001", "request body", x => "{\"totalFee\":1," + Text(v1(x))[1..]);
        BytesCase(c, p, "invalid UTF-8", "400008", "request body",
            x => Utf8WithBytes(Set(v1(x), "productName", "\"" + Marker2 + "\""), [0xFF]));
        Remove(c, p, v1, "merchantId", "400100");
        Field(c, p, v1, "merchantId", "1", "400102", "another merchant");
        Field(c, p, v1, "merchantId", "\"abc\"", "400100");
        Field(c, p, v1, "merchantId", "1e400", "400100");
        Field(c, p, v1, "merchantId", "12.5", "400100");
        Field(c, p, v1, "merchantId", "true", "400100");
        Field(c, p, v1, "tradeType", "\"WAP\"", "400102", "a v2-only terminal");
        Remove(c, p, v1, "tradeType", "400100");
        Remove(c, p, v1, "totalFee", "400100");
        Field(c, p, v1, "totalFee", "0", "400102");
        Field(c, p, v1, "totalFee", "-5", "400102");
        Field(c, p, v1, "totalFee", "0.001", "400102");
        Field(c, p, v1, "totalFee", "0.46", "400102", "0.4968 USD in EUR");
        Field(c, p, v1, "totalFee", "0.123456789", "400101");
        Field(c, p, v1, "totalFee", "20000.01", "400102");
        Field(c, p, v1, "totalFee", "99999999999999999999999", "400102");
        Field(c, p, v1, "totalFee", "\"abc\"", "400100");
        Field(c, p, v1, "currency", "\"eur\"", "400102");
        Field(c, p, v1, "currency", "\"ABC\"", "400102");
        Remove(c, p, v1, "currency", "400100");
        Remove(c, p, v1, "productType", "400100");
        Field(c, p, v1, "productType", Quote(new string('t', 17)), "400101");
        Remove(c, p, v1, "productName", "400100");
        Field(c, p, v1, "productName", Quote(new string('n', 257)), "400101");
        Field(c, p, v1, "productDetail", Quote(new string('d', 257)), "400101");
        Field(c, p, v1, "subMerchantId", "\"x1\"", "400100");
        Field(c, p, v1, "subMerchantId", "1234567", "400206", "unknown");
        Field(c, p, v1, "returnUrl", "\"nope\"", "400102");
        TradeNo(c, p, v1, Quote(new string('7', 33)), "400101");
        TradeNo(c, p, v1, "\"order#1\"", "400103");
        TradeNo(c, p, v1, null, "400100");
    }

    private static void AddV3(Dictionary<string, BadInputCase> c)
    {
        const string p = OrderApi.CreateV3;
        var v3 = (BadInputContext x) => Node(Orders.V3(x.TradeNo));
        var fiat = (BadInputContext x) =>
        {
            var body = Node(Orders.V3(x.TradeNo));
            body.Remove("orderAmount");
            body.Remove("currency");
            body["fiatAmount"] = 10m;
            body["fiatCurrency"] = "EUR";
            return body;
        };

        Remove(c, p, v3, "description", "400100");
        Field(c, p, v3, "description", Quote(new string('d', 257)), "400101");
        Field(c, p, v3, "description", "{}", "400100");
        Remove(c, p, v3, "env", "400100");
        RawCase(c, p, "no amount pair", "400100", "orderAmount/currency and fiatAmount/fiatCurrency",
            x => Without(v3(x), "orderAmount", "currency"));
        RawCase(c, p, "both amount pairs", "400001", "orderAmount/currency and fiatAmount/fiatCurrency", x =>
        {
            var body = v3(x);
            body["fiatAmount"] = 10m;
            body["fiatCurrency"] = "EUR";
            return Text(body);
        });
        Remove(c, p, v3, "currency", "400100", "orderAmount without currency");
        Remove(c, p, fiat, "fiatCurrency", "400100", "fiatAmount without fiatCurrency");
        Field(c, p, fiat, "fiatCurrency", "\"XYZ\"", "400102");
        Field(c, p, fiat, "fiatAmount", "0", "400102");
        Field(c, p, fiat, "fiatAmount", "1e-9", "400101");
        Field(c, p, fiat, "fiatAmount", "19000", "400102", "24130 USDT in GBP", fiatCurrency: "GBP");
        Field(c, p, v3, "orderAmount", "20000.00000001", "400102");
        Field(c, p, v3, "orderAmount", "1e-9", "400101");
        Field(c, p, v3, "currency", "\"EUR\"", "400102", "fiat as crypto currency");
        Field(c, p, v3, "goodsDetails", "{}", "400100");
        Field(c, p, v3, "goodsDetails", "[1,2]", "400100", prefix: "goodsDetails[0]");
        Field(c, p, v3, "goodsDetails",
            "[" + string.Join(",", Enumerable.Repeat("{\"goodsType\":\"01\",\"goodsCategory\":\"D000\"," +
                "\"referenceGoodsId\":\"s\",\"goodsName\":\"n\"}", 101)) + "]", "400101");
        Field(c, p, v3, "goodsDetails", "[{\"goodsType\":\"9\",\"goodsCategory\":\"D000\"," +
            "\"referenceGoodsId\":\"s\",\"goodsName\":\"n\"}]", "400102",
            prefix: "goodsDetails[0].goodsType");
    }

    private static void AddLookup(Dictionary<string, BadInputCase> c, string p)
    {
        Lookup(c, p, "empty object", "{}", "400100", "prepayId or merchantTradeNo");
        Lookup(c, p, "both null", "{\"merchantTradeNo\":null,\"prepayId\":null}", "400100", "prepayId or merchantTradeNo");
        Lookup(c, p, "both empty", "{\"merchantTradeNo\":\"\",\"prepayId\":\"\"}", "400100", "prepayId or merchantTradeNo");
        Lookup(c, p, "33-char merchantTradeNo", "{\"merchantTradeNo\":" + Quote(new string('7', 33)) + "}", "400101",
            "merchantTradeNo");
        Lookup(c, p, "merchantTradeNo with a symbol", "{\"merchantTradeNo\":\"a-b\"}", "400103", "merchantTradeNo");
        Lookup(c, p, "merchantTradeNo as array", "{\"merchantTradeNo\":[]}", "400100", "merchantTradeNo");
        Lookup(c, p, "20-digit prepayId", "{\"prepayId\":" + Quote(new string('1', 20)) + "}", "400101", "prepayId");
        Lookup(c, p, "prepayId with a symbol", "{\"prepayId\":\"1-2\"}", "400103", "prepayId");
        Lookup(c, p, "prepayId as boolean", "{\"prepayId\":true}", "400100", "prepayId");
        Lookup(c, p, "prepayId as object", "{\"prepayId\":{}}", "400100", "prepayId");
        Lookup(c, p, "prepayId 1e400", "{\"prepayId\":1e400}", "400100", "prepayId");
        Lookup(c, p, "duplicate key", "{\"prepayId\":\"1\",\"prepayId\":\"2\"}", "400001", "request body");
        Lookup(c, p, "array body", "[]", "400008", "request body");
        Lookup(c, p, "empty body", "", "400008", "request body");
        c.Add($"{Short(p)}: invalid UTF-8", new BadInputCase(p, "400008", "request body",
            x => Utf8WithBytes("{\"merchantTradeNo\":\"" + Marker2 + "\"}", [0xFF]), TradeNoIsValid: false));
    }

    private static void AddSubMerchant(Dictionary<string, BadInputCase> c)
    {
        const string p = OrderApi.SubMerchantAdd;
        const string rest = ",\"storeType\":1,\"merchantMcc\":\"1040\",\"address\":\"1 Road\"";
        Lookup(c, p, "no merchantName", "{\"merchantType\":4" + rest + "}", "400100", "merchantName");
        Lookup(c, p, "merchantType 9", "{\"merchantName\":\"Kiosk\",\"merchantType\":9" + rest + "}", "400102",
            "merchantType");
        Lookup(c, p, "merchantName too long", "{\"merchantName\":" + Quote(new string('k', 129)) + rest + "}",
            "400101", "merchantName");
    }

    // Builders. A case name reads "<endpoint>: <field> = <value>" so a failing row says what it sent.

    private static void Field(Dictionary<string, BadInputCase> c, string path, Func<BadInputContext, JsonObject> body,
        string field, string rawValue, string code, string? note = null, string? prefix = null,
        string? fiatCurrency = null) =>
        c.Add($"{Short(path)}: {field} = {Shorten(rawValue)}{(note is null ? "" : $" ({note})")}",
            new BadInputCase(path, code, prefix ?? field, x =>
            {
                var node = body(x);
                if (fiatCurrency is not null)
                {
                    node["fiatCurrency"] = fiatCurrency;
                }

                return Encoding.UTF8.GetBytes(Set(node, field, rawValue));
            }));

    private static void FieldAt(Dictionary<string, BadInputCase> c, string path, Func<BadInputContext, JsonObject> body,
        string field, Func<BadInputContext, string> rawValue, string code, string note) =>
        c.Add($"{Short(path)}: {field} = ({note})", new BadInputCase(path, code, field,
            x => Encoding.UTF8.GetBytes(Set(body(x), field, rawValue(x)))));

    private static void Remove(Dictionary<string, BadInputCase> c, string path, Func<BadInputContext, JsonObject> body,
        string field, string code, string? note = null)
    {
        var name = $"{Short(path)}: {field} missing{(note is null ? "" : $" ({note})")}";
        c.Add(name, new BadInputCase(path, code, field, x => Encoding.UTF8.GetBytes(Without(body(x), field))));
    }

    private static void TradeNo(Dictionary<string, BadInputCase> c, string path, Func<BadInputContext, JsonObject> body,
        string? rawValue, string code, string? note = null)
    {
        var name = $"{Short(path)}: merchantTradeNo = {(rawValue is null ? "(missing)" : Shorten(rawValue))}" +
                   (note is null ? "" : $" ({note})");
        c.Add(name, new BadInputCase(path, code, "merchantTradeNo", x => Encoding.UTF8.GetBytes(rawValue is null
            ? Without(body(x), "merchantTradeNo")
            : Set(body(x), "merchantTradeNo", rawValue)), TradeNoIsValid: false));
    }

    private static void RawCase(Dictionary<string, BadInputCase> c, string path, string name, string code,
        string prefix, Func<BadInputContext, string> body) =>
        c.Add($"{Short(path)}: {name}", new BadInputCase(path, code, prefix, x => Encoding.UTF8.GetBytes(body(x))));

    private static void BytesCase(Dictionary<string, BadInputCase> c, string path, string name, string code,
        string prefix, Func<BadInputContext, byte[]> body) =>
        c.Add($"{Short(path)}: {name}", new BadInputCase(path, code, prefix, body));

    private static void Lookup(Dictionary<string, BadInputCase> c, string path, string name, string json, string code,
        string prefix) =>
        c.Add($"{Short(path)}: {name}", new BadInputCase(path, code, prefix, _ => Encoding.UTF8.GetBytes(json),
            TradeNoIsValid: false));

    private static JsonObject Node(Dictionary<string, object?> body) =>
        JsonSerializer.SerializeToNode(body)!.AsObject();

    private static string Text(JsonObject body) => body.ToJsonString();

    /// <summary>The body with <paramref name="path"/> (dotted) set to raw JSON text, which may be anything.</summary>
    private static string Set(JsonObject body, string path, string rawJson)
    {
        var (parent, name) = Navigate(body, path);
        parent[name] = Marker;
        return body.ToJsonString().Replace("\"" + Marker + "\"", rawJson, StringComparison.Ordinal);
    }

    private static string Without(JsonObject body, params string[] paths)
    {
        foreach (var path in paths)
        {
            var (parent, name) = Navigate(body, path);
            parent.Remove(name);
        }

        return body.ToJsonString();
    }

    private static (JsonObject Parent, string Name) Navigate(JsonObject body, string path)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
        }

        return (parent, parts[^1]);
    }

    /// <summary>UTF-8 of <paramref name="json"/> with <see cref="Marker2"/> replaced by raw (invalid) bytes.</summary>
    private static byte[] Utf8WithBytes(string json, byte[] raw)
    {
        var at = json.IndexOf(Marker2, StringComparison.Ordinal);
        var head = Encoding.UTF8.GetBytes(json[..at]);
        var tail = Encoding.UTF8.GetBytes(json[(at + Marker2.Length)..]);
        return [.. head, .. raw, .. tail];
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Short(string path) => path switch
    {
        OrderApi.CreateV1 => "create v1",
        OrderApi.CreateV2 => "create v2",
        OrderApi.CreateV3 => "create v3",
        OrderApi.QueryV1 => "query v1",
        OrderApi.QueryV2 => "query v2",
        OrderApi.Close => "close",
        _ => path,
    };

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : $"{raw[..20]}…({raw.Length} chars)";
}
