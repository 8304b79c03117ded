using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Citrine.Contracts.Signing;
using Citrine.Testing;

namespace Citrine.Server.Tests.Faults;

/// <summary>
/// Request faults (docs/sandbox.md#fault-injection) seen by a raw HTTP client on a live server: the armed status in a
/// Binance envelope, a stall, a dropped connection; exactly N faults then normal answers; no side effect of a faulted
/// request; one merchant's rules never touch another's traffic; the last use taken by exactly one of many racing
/// requests (the database decides); field validation and the per-merchant cap.
/// </summary>
public abstract class RequestFaultTests(ServerFixture fixture)
{
    private const string CreatePath = "/binancepay/openapi/v2/order";
    private const string QueryPath = "/binancepay/openapi/v2/order/query";

    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> NewMerchantAsync() => Server.Signed(await Server.CreateMerchantAsync());

    internal static async Task<JsonElement> ArmAsync(SignedHttp client, object body)
    {
        var answer = await client.PostAsync("/sandbox/faults/arm", body);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data;
    }

    private static async Task<Answer> QueryTradeNoAsync(SignedHttp client, string tradeNo) =>
        await client.PostAsync(QueryPath, new { merchantTradeNo = tradeNo });

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task An_armed_status_answers_the_envelope_count_times_without_creating_the_order(int status)
    {
        var client = await NewMerchantAsync();
        var armed = await ArmAsync(client, new { kind = "STATUS", httpStatus = status, path = CreatePath, count = 2 });
        armed.GetProperty("remaining").GetInt32().ShouldBe(2);
        var body = Orders.V2();
        var tradeNo = (string)body["merchantTradeNo"]!;

        for (var i = 0; i < 2; i++)
        {
            var faulted = await client.PostAsync(CreatePath, body);
            ((int)faulted.HttpStatus).ShouldBe(status, faulted.ToString());
            faulted.Envelope.EnumerateObject().Select(p => p.Name).ShouldBe(["status", "code", "data", "errorMessage"]);
            faulted.Status.ShouldBe("FAIL");
            faulted.Code.ShouldBe("400000");
            faulted.Data.ValueKind.ShouldBe(JsonValueKind.Null);
            faulted.ErrorMessage!.ShouldContain("sandbox fault");
            // No side effect: the order does not exist.
            (await QueryTradeNoAsync(client, tradeNo)).Code.ShouldBe("400202");
        }

        var created = await client.PostAsync(CreatePath, body);
        created.Code.ShouldBe("000000", created.ToString());
        (await QueryTradeNoAsync(client, tradeNo)).Code.ShouldBe("000000");
        var list = await client.PostAsync("/sandbox/faults/list", new { });
        list.Data.EnumerateArray().ShouldHaveSingleItem().GetProperty("remaining").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task A_429_or_503_carries_the_armed_Retry_After_and_the_fault_header()
    {
        var client = await NewMerchantAsync();
        var armed = await ArmAsync(client, new { kind = "STATUS", httpStatus = 429, retryAfterSeconds = 7 });
        var body = """{"merchantTradeNo":"none"}"""u8.ToArray();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Nonce.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(BinancePayHeaders.Timestamp, ts);
        request.Headers.Add(BinancePayHeaders.Nonce, nonce);
        request.Headers.Add(BinancePayHeaders.CertificateSn, client.Merchant.ApiKey);
        request.Headers.Add(BinancePayHeaders.Signature,
            RequestSigner.Sign(client.Merchant.ApiSecret, ts, nonce, body));
        using var response = await Server.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        response.Headers.GetValues("X-Citrine-Fault").ShouldBe(
            [armed.GetProperty("faultId").GetInt64().ToString(CultureInfo.InvariantCulture)]);
        var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        envelope.GetProperty("code").GetString().ShouldBe("400000");
    }

    [Fact]
    public async Task A_stall_waits_then_answers_normally_once()
    {
        var client = await NewMerchantAsync();
        await ArmAsync(client, new { kind = "STALL", durationMs = 1500, path = QueryPath });

        var started = Stopwatch.GetTimestamp();
        var stalled = await QueryTradeNoAsync(client, "none");
        Stopwatch.GetElapsedTime(started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(1400));
        stalled.Code.ShouldBe("400202"); // processed normally after the stall

        started = Stopwatch.GetTimestamp();
        (await QueryTradeNoAsync(client, "none")).Code.ShouldBe("400202");
        Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromMilliseconds(1400));
    }

    [Fact]
    public async Task A_drop_aborts_the_connection_without_creating_the_order()
    {
        var client = await NewMerchantAsync();
        await ArmAsync(client, new { kind = "DROP", path = CreatePath });
        var body = Orders.V2();

        await Should.ThrowAsync<HttpRequestException>(() => client.PostAsync(CreatePath, body));
        (await QueryTradeNoAsync(client, (string)body["merchantTradeNo"]!)).Code.ShouldBe("400202");
        (await client.PostAsync(CreatePath, body)).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Prefix_and_all_rules_match_by_path_but_never_the_fault_endpoints()
    {
        var client = await NewMerchantAsync();
        await ArmAsync(client, new { kind = "STATUS", httpStatus = 503, path = "/binancepay/openapi/v2/", pathMatch = "PREFIX" });
        // Another path is not matched.
        var other = await client.PostAsync("/binancepay/openapi/order/close", new { merchantTradeNo = "none" });
        ((int)other.HttpStatus).ShouldBeLessThan(429, other.ToString());
        ((int)(await QueryTradeNoAsync(client, "none")).HttpStatus).ShouldBe(503);

        await ArmAsync(client, new { kind = "STATUS", httpStatus = 500, count = 3 });
        // The fault endpoints stay reachable: list, then clear, answer normally while an "all" rule is armed.
        var list = await client.PostAsync("/sandbox/faults/list", new { });
        list.Code.ShouldBe("000000");
        list.Data.GetArrayLength().ShouldBe(2);
        list.Data[1].TryGetProperty("path", out _).ShouldBeFalse();
        list.Data[1].GetProperty("pathMatch").GetString().ShouldBe("ALL");
        ((int)(await client.PostAsync("/binancepay/openapi/order/close", new { merchantTradeNo = "none" })).HttpStatus)
            .ShouldBe(500);
        var cleared = await client.PostAsync("/sandbox/faults/clear", new { });
        cleared.Data.GetProperty("cleared").GetInt32().ShouldBe(2);
        (await QueryTradeNoAsync(client, "none")).Code.ShouldBe("400202");
    }

    [Fact]
    public async Task One_merchants_faults_never_touch_another_merchants_requests()
    {
        var a = await NewMerchantAsync();
        var b = await NewMerchantAsync();
        await ArmAsync(a, new { kind = "STATUS", httpStatus = 503, count = 5 });

        for (var i = 0; i < 3; i++)
        {
            (await b.PostAsync(CreatePath, Orders.V2())).Code.ShouldBe("000000");
        }

        (await b.PostAsync("/sandbox/faults/list", new { })).Data.GetArrayLength().ShouldBe(0);
        var aList = await a.PostAsync("/sandbox/faults/list", new { });
        aList.Data.EnumerateArray().ShouldHaveSingleItem().GetProperty("remaining").GetInt32().ShouldBe(5);
        ((int)(await a.PostAsync(CreatePath, Orders.V2())).HttpStatus).ShouldBe(503);

        // Only the administrator names another merchant; a merchantId from a merchant is ignored.
        await b.PostAsync("/sandbox/faults/clear", new { merchantId = a.Merchant.MerchantId });
        (await a.PostAsync("/sandbox/faults/list", new { })).Data[0].GetProperty("remaining").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Racing_requests_take_exactly_the_armed_count()
    {
        var client = await NewMerchantAsync();
        await ArmAsync(client, new { kind = "STATUS", httpStatus = 503, path = QueryPath, count = 1 });
        await ArmAsync(client, new { kind = "STATUS", httpStatus = 429, path = CreatePath, count = 3 });

        var queries = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => QueryTradeNoAsync(client, "none")));
        queries.Count(a => a.HttpStatus == HttpStatusCode.ServiceUnavailable).ShouldBe(1);
        queries.Count(a => a.Code == "400202").ShouldBe(15);

        var creates = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsync(CreatePath, Orders.V2())));
        creates.Count(a => a.HttpStatus == HttpStatusCode.TooManyRequests).ShouldBe(3);
        creates.Count(a => a.Code == "000000").ShouldBe(9);
        var rules = (await client.PostAsync("/sandbox/faults/list", new { })).Data;
        rules.EnumerateArray().ShouldAllBe(r => r.GetProperty("remaining").GetInt32() == 0);
    }

    [Theory]
    [InlineData("""{"kind":"BREAK"}""", "400102")]
    [InlineData("""{"count":1}""", "400100")]
    [InlineData("""{"kind":"DROP","count":0}""", "400102")]
    [InlineData("""{"kind":"DROP","count":101}""", "400102")]
    [InlineData("""{"kind":"DROP","path":"binancepay"}""", "400102")]
    [InlineData("""{"kind":"DROP","pathMatch":"PREFIX"}""", "400102")]
    [InlineData("""{"kind":"DROP","pathMatch":"REGEX","path":"/x"}""", "400102")]
    [InlineData("""{"kind":"STATUS"}""", "400100")]
    [InlineData("""{"kind":"STATUS","httpStatus":404}""", "400102")]
    [InlineData("""{"kind":"STATUS","httpStatus":503,"retryAfterSeconds":61}""", "400102")]
    [InlineData("""{"kind":"STALL"}""", "400100")]
    [InlineData("""{"kind":"STALL","durationMs":60001}""", "400102")]
    [InlineData("""{"kind":"STALL","durationMs":0}""", "400102")]
    [InlineData("""{"kind":"DELAY","durationMs":20001}""", "400102")]
    public async Task Bad_arm_requests_are_refused_with_their_codes(string body, string code)
    {
        var client = await NewMerchantAsync();
        var answer = await client.PostRawAsync("/sandbox/faults/arm", body);
        answer.Code.ShouldBe(code, answer.ToString());
        (await client.PostAsync("/sandbox/faults/list", new { })).Data.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_merchant_may_hold_at_most_20_armed_rules()
    {
        var client = await NewMerchantAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            ArmAsync(client, new { kind = "STATUS", httpStatus = 500, path = "/nowhere" })));
        var refused = await client.PostAsync("/sandbox/faults/arm", new { kind = "DUPLICATE" });
        refused.Code.ShouldBe("400001", refused.ToString());
        refused.ErrorMessage!.ShouldContain("at most 20");
        (await client.PostAsync("/sandbox/faults/clear", new { })).Data.GetProperty("cleared").GetInt32().ShouldBe(20);
        await ArmAsync(client, new { kind = "DUPLICATE" });
    }

    [Fact]
    public async Task The_administrator_arms_lists_and_clears_for_a_named_merchant()
    {
        var client = await NewMerchantAsync();
        var armed = await Server.AdminPostAsync("/sandbox/faults/arm",
            new { merchantId = client.Merchant.MerchantId, kind = "STATUS", httpStatus = 503, path = QueryPath });
        armed.Code.ShouldBe("000000", armed.ToString());
        armed.Data.GetProperty("merchantId").GetInt64().ShouldBe(client.Merchant.MerchantId);
        ((int)(await QueryTradeNoAsync(client, "none")).HttpStatus).ShouldBe(503);

        var listed = await Server.AdminPostAsync("/sandbox/faults/list", new { merchantId = client.Merchant.MerchantId });
        listed.Data.EnumerateArray().ShouldHaveSingleItem().GetProperty("remaining").GetInt32().ShouldBe(0);
        (await Server.AdminPostAsync("/sandbox/faults/clear", new { merchantId = client.Merchant.MerchantId }))
            .Data.GetProperty("cleared").GetInt32().ShouldBe(1);

        var unknown = await Server.AdminPostAsync("/sandbox/faults/arm", new { merchantId = 999_999_999, kind = "DROP" });
        ((int)unknown.HttpStatus).ShouldBe(404);
        unknown.Code.ShouldBe("400001");
        (await Server.AdminPostAsync("/sandbox/faults/list", new { })).Code.ShouldBe("400100");
    }
}

public sealed class SqliteRequestFaultTests(SqliteServer fixture)
    : RequestFaultTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresRequestFaultTests(PostgresServer fixture)
    : RequestFaultTests(fixture), IClassFixture<PostgresServer>;
