using System.Globalization;
using System.Net;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>Create Order v1, v2 and v3 happy paths: every answer field and its JSON shape
/// (docs/api-reference.md#create-order-versions, #quirks).</summary>
public abstract class CreateOrderTests(OrderServer fixture)
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private TestServer Server => fixture.Server;

    private string BaseUrl => Server.BaseUri.ToString().TrimEnd('/');

    private async Task<SignedHttp> NewClientAsync() => Server.Signed(await Server.CreateMerchantAsync());

    [Fact]
    public async Task V2_answers_every_documented_field_with_its_documented_JSON_type()
    {
        var client = await NewClientAsync();
        var before = OrderApi.NowMs();
        var answer = await client.PostAsync(OrderApi.CreateV2, Orders.V2());
        var after = OrderApi.NowMs();

        AssertSuccessEnvelope(answer);
        var data = answer.Data;
        OrderApi.Keys(data).ShouldBe(["checkoutUrl", "deeplink", "expireTime", "prepayId", "qrContent", "qrcodeLink",
            "terminalType", "universalUrl"]);
        AssertPrepayId(data);
        data.GetProperty("terminalType").GetString().ShouldBe("WEB");
        data.Kind("expireTime").ShouldBe(JsonValueKind.Number);
        data.GetProperty("expireTime").GetInt64().ShouldBeInRange(before + (long)OneHour.TotalMilliseconds,
            after + (long)OneHour.TotalMilliseconds);
        AssertLinks(data);
    }

    [Fact]
    public async Task V2_expireTime_is_the_given_orderExpireTime_and_universalUrlAttach_is_appended()
    {
        var client = await NewClientAsync();
        var body = Orders.V2();
        var expire = OrderApi.NowMs() + 600_000;
        body["orderExpireTime"] = expire;
        body["universalUrlAttach"] = "countryCode=1&phone=1234567";
        body["env"] = new Dictionary<string, object?> { ["terminalType"] = "APP", ["osType"] = "IOS" };
        var answer = await client.PostAsync(OrderApi.CreateV2, body);

        AssertSuccessEnvelope(answer);
        answer.Data.GetProperty("expireTime").GetInt64().ShouldBe(expire);
        answer.Data.GetProperty("terminalType").GetString().ShouldBe("APP");
        answer.Data.GetProperty("universalUrl").GetString()!.ShouldEndWith("&countryCode=1&phone=1234567");
    }

    [Fact]
    public async Task V2_accepts_the_amount_as_a_numeric_string_and_keeps_8_decimals()
    {
        var client = await NewClientAsync();
        var tradeNo = Orders.NewTradeNo();
        var answer = await client.PostAsync(OrderApi.CreateV2, Orders.V2(tradeNo, amount: "0.12345678", currency: "BNB"));
        AssertSuccessEnvelope(answer);
        var query = await client.QueryByTradeNoAsync(tradeNo);
        query.Data.GetProperty("orderAmount").GetString().ShouldBe("0.12345678");
        query.Data.GetProperty("currency").GetString().ShouldBe("BNB");
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("20000")]
    public async Task V2_accepts_both_ends_of_the_documented_range(string amount)
    {
        var client = await NewClientAsync();
        var answer = await client.PostAsync(OrderApi.CreateV2,
            Orders.V2(amount: decimal.Parse(amount, CultureInfo.InvariantCulture)));
        AssertSuccessEnvelope(answer);
    }

    [Fact]
    public async Task V1_answers_tradeType_and_expireTime_as_a_string_as_the_seed_page_shows()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var before = OrderApi.NowMs();
        var answer = await client.PostAsync(OrderApi.CreateV1, Orders.V1(merchant.MerchantId));
        var after = OrderApi.NowMs();

        AssertSuccessEnvelope(answer);
        var data = answer.Data;
        OrderApi.Keys(data).ShouldBe(["checkoutUrl", "deeplink", "expireTime", "prepayId", "qrContent", "qrcodeLink",
            "tradeType", "universalUrl"]);
        AssertPrepayId(data);
        data.GetProperty("tradeType").GetString().ShouldBe("APP");
        data.Kind("expireTime").ShouldBe(JsonValueKind.String);
        long.Parse(data.GetProperty("expireTime").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            .ShouldBeInRange(before + (long)OneHour.TotalMilliseconds, after + (long)OneHour.TotalMilliseconds);
        AssertLinks(data);
    }

    [Fact]
    public async Task V1_accepts_the_seed_sample_with_quoted_ids_and_an_empty_returnUrl()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        // The seed's sample body, with our merchantId: ids quoted, "returnUrl": ""
        // (docs/api-reference.md#quirk-numbers-and-strings).
        var body = "{\"merchantId\": \"" + OrderApi.Invariant(merchant.MerchantId) + "\", \"merchantTradeNo\": \"" +
                   Orders.NewTradeNo() + "\", \"totalFee\": 25.17, \"productDetail\": \"Greentea ice cream cone\", " +
                   "\"currency\": \"EUR\", \"returnUrl\": \"\", \"tradeType\": \"APP\", \"productType\": \"Food\", " +
                   "\"productName\": \"Ice Cream\"}";
        AssertSuccessEnvelope(await client.PostRawAsync(OrderApi.CreateV1, body));
    }

    [Theory]
    [InlineData("USDT", "0.5")]
    [InlineData("EUR", "0.47")] // 0.47 EUR = 0.5076 USD at the default price 1.08
    [InlineData("MBOX", "10")] // exactly 0.5 USD at the default price 0.05
    public async Task V1_accepts_fiat_and_crypto_worth_at_least_half_a_dollar(string currency, string amount)
    {
        var merchant = await Server.CreateMerchantAsync();
        var body = Orders.V1(merchant.MerchantId);
        body["currency"] = currency;
        body["totalFee"] = decimal.Parse(amount, CultureInfo.InvariantCulture);
        AssertSuccessEnvelope(await Server.Signed(merchant).PostAsync(OrderApi.CreateV1, body));
    }

    [Fact]
    public async Task V3_answers_the_v2_fields_plus_currency_and_totalFee()
    {
        var client = await NewClientAsync();
        var answer = await client.PostAsync(OrderApi.CreateV3, Orders.V3());

        AssertSuccessEnvelope(answer);
        var data = answer.Data;
        OrderApi.Keys(data).ShouldBe(["checkoutUrl", "currency", "deeplink", "expireTime", "prepayId", "qrContent",
            "qrcodeLink", "terminalType", "totalFee", "universalUrl"]);
        AssertPrepayId(data);
        data.GetProperty("terminalType").GetString().ShouldBe("APP");
        data.Kind("expireTime").ShouldBe(JsonValueKind.Number);
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.Kind("totalFee").ShouldBe(JsonValueKind.String);
        data.GetProperty("totalFee").GetString().ShouldBe("10");
        AssertLinks(data);
    }

    [Fact]
    public async Task V3_converts_a_fiat_amount_to_USDT_at_the_configured_price()
    {
        var client = await NewClientAsync();
        var body = Orders.V3();
        body.Remove("orderAmount");
        body.Remove("currency");
        body["fiatAmount"] = 10m;
        body["fiatCurrency"] = "EUR";
        var answer = await client.PostAsync(OrderApi.CreateV3, body);

        AssertSuccessEnvelope(answer);
        var data = answer.Data;
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.GetProperty("totalFee").GetString().ShouldBe("10.8"); // EUR at 1.08 USD, USDT at 1 USD
        data.GetProperty("fiatCurrency").GetString().ShouldBe("EUR");
        data.Kind("fiatAmount").ShouldBe(JsonValueKind.String);
        data.GetProperty("fiatAmount").GetString().ShouldBe("10");
    }

    [Fact]
    public async Task V3_without_goodsDetails_uses_the_description()
    {
        var client = await NewClientAsync();
        var tradeNo = Orders.NewTradeNo();
        var body = Orders.V3(tradeNo);
        body.Remove("goodsDetails");
        AssertSuccessEnvelope(await client.PostAsync(OrderApi.CreateV3, body));
        var query = await client.QueryByTradeNoAsync(tradeNo, OrderApi.QueryV1);
        query.Data.GetProperty("productName").GetString().ShouldBe("Ice cream");
    }

    [Fact]
    public async Task A_sub_merchant_created_through_submerchant_add_is_valid_in_v2_and_v1_orders()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var added = await client.PostAsync(OrderApi.SubMerchantAdd, new Dictionary<string, object?>
        {
            ["merchantName"] = "Ice Cream Kiosk",
            ["storeType"] = 0,
            ["merchantType"] = 4,
            ["merchantMcc"] = "1040",
            ["country"] = "GO",
            ["siteUrl"] = "https://kiosk.example",
        });
        AssertSuccessEnvelope(added);
        added.Data.Kind("subMerchantId").ShouldBe(JsonValueKind.Number);
        var subMerchantId = added.Data.GetProperty("subMerchantId").GetInt64();

        var v2 = Orders.V2();
        v2["merchant"] = new Dictionary<string, object?> { ["subMerchantId"] = OrderApi.Invariant(subMerchantId) };
        AssertSuccessEnvelope(await client.PostAsync(OrderApi.CreateV2, v2));

        var v1 = Orders.V1(merchant.MerchantId);
        v1["subMerchantId"] = subMerchantId;
        AssertSuccessEnvelope(await client.PostAsync(OrderApi.CreateV1, v1));

        // Another merchant cannot use it.
        var other = await NewClientAsync();
        var foreign = await other.PostAsync(OrderApi.CreateV2, v2.With("merchantTradeNo", Orders.NewTradeNo()));
        foreign.Code.ShouldBe("400206", foreign.ToString());
        foreign.ErrorMessage.ShouldBe("merchant.subMerchantId: no such active sub-merchant under this merchant");
    }

    [Fact]
    public async Task An_order_expiring_just_under_one_hour_ahead_is_accepted()
    {
        var client = await NewClientAsync();
        var body = Orders.V2();
        var expire = OrderApi.NowMs() + (long)OneHour.TotalMilliseconds - 60_000;
        body["orderExpireTime"] = expire;
        var answer = await client.PostAsync(OrderApi.CreateV2, body);
        AssertSuccessEnvelope(answer);
        answer.Data.GetProperty("expireTime").GetInt64().ShouldBe(expire);
    }

    [Theory]
    [InlineData(-60_000)]
    [InlineData(-1)]
    [InlineData(3_660_000)]
    [InlineData(86_400_000)]
    public async Task An_orderExpireTime_in_the_past_or_more_than_an_hour_ahead_gives_400102(long offsetMs)
    {
        var client = await NewClientAsync();
        var tradeNo = Orders.NewTradeNo();
        var body = Orders.V2(tradeNo);
        body["orderExpireTime"] = OrderApi.NowMs() + offsetMs;
        var answer = await client.PostAsync(OrderApi.CreateV2, body);
        answer.Code.ShouldBe("400102", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
        answer.ErrorMessage!.ShouldStartWith("orderExpireTime:");
        (await client.QueryByTradeNoAsync(tradeNo)).Code.ShouldBe("400202");
    }

    private static void AssertSuccessEnvelope(Answer answer)
    {
        answer.HttpStatus.ShouldBe(HttpStatusCode.OK, answer.ToString());
        OrderApi.Keys(answer.Envelope).ShouldBe(["code", "data", "errorMessage", "status"]);
        answer.Status.ShouldBe("SUCCESS");
        answer.Code.ShouldBe("000000");
        answer.Envelope.GetProperty("errorMessage").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static void AssertPrepayId(JsonElement data)
    {
        data.Kind("prepayId").ShouldBe(JsonValueKind.String);
        var prepayId = data.GetProperty("prepayId").GetString()!;
        prepayId.Length.ShouldBeInRange(1, 19);
        prepayId.ShouldAllBe(c => char.IsAsciiDigit(c));
    }

    private void AssertLinks(JsonElement data)
    {
        foreach (var name in new[] { "qrcodeLink", "qrContent", "checkoutUrl", "deeplink", "universalUrl" })
        {
            data.Kind(name).ShouldBe(JsonValueKind.String);
            var url = data.GetProperty(name).GetString()!;
            url.ShouldStartWith(BaseUrl + "/", customMessage: name);
            Uri.IsWellFormedUriString(url, UriKind.Absolute).ShouldBeTrue(name);
            url.Length.ShouldBeLessThanOrEqualTo(name == "universalUrl" ? 512 : 256);
        }
    }
}

public sealed class SqliteCreateOrderTests(SqliteOrderServer fixture)
    : CreateOrderTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresCreateOrderTests(PostgresOrderServer fixture)
    : CreateOrderTests(fixture), IClassFixture<PostgresOrderServer>;
