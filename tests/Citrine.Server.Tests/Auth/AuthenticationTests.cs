using System.Net;
using System.Text;
using System.Text.Json;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Server.Tests.Auth;

/// <summary>Request authentication over real HTTP: every auth result code, reached the way a client would.</summary>
public abstract class AuthenticationTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> NewClientAsync() => Server.Signed(await Server.CreateMerchantAsync());

    [Fact]
    public async Task A_correctly_signed_request_succeeds()
    {
        var client = await NewClientAsync();
        var answer = await client.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_body_written_like_Python_json_dumps_with_spaces_is_verified_on_its_raw_bytes()
    {
        var client = await NewClientAsync();
        var body = "{\"env\": {\"terminalType\": \"WEB\"}, \"merchantTradeNo\": \"" + Orders.NewTradeNo() +
                   "\", \"orderAmount\": 25.17, \"currency\": \"USDT\", \"goods\": {\"goodsType\": \"01\", " +
                   "\"goodsCategory\": \"D000\", \"referenceGoodsId\": \"7876763A3B\", \"goodsName\": \"Ice Cream\"}}";
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", body);
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    [Fact]
    public async Task A_lower_case_hex_signature_is_accepted()
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
            r => Replace(r, BinancePayHeaders.Signature, r.Headers.GetValues(BinancePayHeaders.Signature).Single().ToLowerInvariant()));
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    [Fact]
    public async Task A_body_reserialised_after_signing_fails_with_400002()
    {
        var client = await NewClientAsync();
        var signedBody = "{\"merchantTradeNo\": \"abc\", \"prepayId\": null}";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        var signature = RequestSigner.Sign(client.Merchant.ApiSecret, ts, nonce, signedBody);
        var sentBody = "{\"merchantTradeNo\":\"abc\",\"prepayId\":null}"; // same JSON, other bytes
        var answer = await client.PostRawAsync("/binancepay/openapi/order/query", sentBody, r =>
        {
            Replace(r, BinancePayHeaders.Timestamp, ts);
            Replace(r, BinancePayHeaders.Nonce, nonce);
            Replace(r, BinancePayHeaders.Signature, signature);
        });
        answer.Code.ShouldBe("400002");
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_wrong_secret_gives_400002()
    {
        var merchant = await Server.CreateMerchantAsync();
        var answer = await Server.Signed(merchant with { ApiSecret = new string('a', 64) })
            .PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        answer.Code.ShouldBe("400002");
    }

    [Fact]
    public async Task Lower_case_hex_is_refused_in_strict_mode()
    {
        await using var strict = await TestServer.StartAsync(fixture.Store, o => o.StrictSignatureCase = true);
        var client = strict.Signed(await strict.CreateMerchantAsync());
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
            r => Replace(r, BinancePayHeaders.Signature, r.Headers.GetValues(BinancePayHeaders.Signature).Single().ToLowerInvariant()));
        answer.Code.ShouldBe("400002");
    }

    [Theory]
    [InlineData(-5000)]
    [InlineData(5000)]
    public async Task A_timestamp_outside_the_window_gives_400003(int skewMs)
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
            timestampMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + skewMs);
        answer.Code.ShouldBe("400003");
    }

    [Fact]
    public async Task A_timestamp_in_seconds_gives_400003()
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
            timestampMs: DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        answer.Code.ShouldBe("400003");
    }

    [Fact]
    public async Task An_unknown_key_gives_400004_and_a_revoked_key_too()
    {
        var merchant = await Server.CreateMerchantAsync();
        var unknown = await Server.Signed(merchant with { ApiKey = new string('k', 64) })
            .PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        unknown.Code.ShouldBe("400004");

        (await Server.Http.PostAsync($"/admin/keys/{merchant.ApiKey}/revoke", null)).EnsureSuccessStatusCode();
        await Task.Delay(Citrine.Application.Auth.RequestAuthenticator.KeyCacheTtl + TimeSpan.FromMilliseconds(200));
        var revoked = await Server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        revoked.Code.ShouldBe("400004");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("UPPERCASEKEYUPPERCASEKEYUPPERCASEKEYUPPERCASEKEYUPPERCASEKEY1234")]
    [InlineData("")]
    public async Task A_malformed_key_gives_400005(string apiKey)
    {
        var merchant = await Server.CreateMerchantAsync();
        var answer = await Server.Signed(merchant).PostRawAsync("/binancepay/openapi/v2/order",
            JsonSerializer.Serialize(Orders.V2()), r => Replace(r, BinancePayHeaders.CertificateSn, apiKey));
        answer.Code.ShouldBe("400005");
    }

    [Fact]
    public async Task A_reused_nonce_gives_400001_and_the_first_request_stands()
    {
        var client = await NewClientAsync();
        var nonce = Nonce.Create();
        var first = await client.PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        first.Code.ShouldBe("000000");
        var a = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()), nonce: nonce);
        var b = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()), nonce: nonce);
        a.Code.ShouldBe("000000");
        b.Code.ShouldBe("400001");
        b.ErrorMessage!.ShouldContain("nonce");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("5RhaTrZPhknNv0kDSA2UQ67cPMVNS4s!")]
    public async Task A_malformed_nonce_gives_400001(string nonce)
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()), nonce: nonce);
        answer.Code.ShouldBe("400001");
    }

    [Fact]
    public async Task A_disabled_merchant_gets_400203()
    {
        var merchant = await Server.CreateMerchantAsync();
        using var disable = await Server.Http.PostAsync($"/admin/merchants/{merchant.MerchantId}",
            new StringContent("{\"status\":\"DISABLED\"}", Encoding.UTF8, "application/json"));
        disable.EnsureSuccessStatusCode();
        await Task.Delay(Citrine.Application.Auth.RequestAuthenticator.KeyCacheTtl + TimeSpan.FromMilliseconds(200));
        var answer = await Server.Signed(merchant).PostAsync("/binancepay/openapi/v2/order", Orders.V2());
        answer.Code.ShouldBe("400203");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_wrong_method_gives_400006_with_HTTP_405(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/binancepay/openapi/v2/order");
        var answer = await SignedHttp.SendAsync(Server.Http, request);
        answer.Code.ShouldBe("400006");
        answer.HttpStatus.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task A_wrong_media_type_gives_400007_with_HTTP_415(string mediaType)
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
            r => r.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType));
        answer.Code.ShouldBe("400007");
        answer.HttpStatus.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Json_with_charset_utf8_is_accepted()
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", JsonSerializer.Serialize(Orders.V2()),
            r => r.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json;charset=utf-8"));
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    [Fact]
    public async Task A_body_over_the_limit_gives_400104_with_HTTP_413()
    {
        var client = await NewClientAsync();
        var body = "{\"productName\":\"" + new string('x', 70 * 1024) + "\"}";
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", body);
        answer.Code.ShouldBe("400104");
        answer.HttpStatus.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":")]
    [InlineData("null")]
    public async Task A_body_that_is_not_a_JSON_object_gives_400008(string body)
    {
        var client = await NewClientAsync();
        var answer = await client.PostRawAsync("/binancepay/openapi/v2/order", body);
        answer.Code.ShouldBe("400008", answer.ToString());
    }

    [Fact]
    public async Task Unknown_routes_answer_the_envelope_not_an_empty_404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/binancepay/openapi/v9/nothing");
        var answer = await SignedHttp.SendAsync(Server.Http, request);
        answer.Status.ShouldBe("FAIL");
        answer.Code.ShouldBe("400001");
        answer.HttpStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Missing_headers_are_answered_with_codes_not_500()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/binancepay/openapi/v2/order")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        var answer = await SignedHttp.SendAsync(Server.Http, request);
        answer.Code.ShouldBe("400005");
    }

    private static void Replace(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
    }
}

public sealed class SqliteAuthenticationTests(SqliteServer fixture) : AuthenticationTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresAuthenticationTests(PostgresServer fixture) : AuthenticationTests(fixture), IClassFixture<PostgresServer>;
