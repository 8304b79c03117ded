using System.Globalization;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>The merchant API paths of the order endpoints, and short ways to call them.</summary>
internal static class OrderApi
{
    public const string CreateV1 = "/binancepay/openapi/order";
    public const string CreateV2 = "/binancepay/openapi/v2/order";
    public const string CreateV3 = "/binancepay/openapi/v3/order";
    public const string QueryV1 = "/binancepay/openapi/order/query";
    public const string QueryV2 = "/binancepay/openapi/v2/order/query";
    public const string Close = "/binancepay/openapi/order/close";
    public const string SubMerchantAdd = "/binancepay/openapi/submerchant/add";

    public static Task<Answer> QueryByTradeNoAsync(this SignedHttp client, string tradeNo, string path = QueryV2) =>
        client.PostAsync(path, new Dictionary<string, object?> { ["merchantTradeNo"] = tradeNo });

    public static Task<Answer> QueryByPrepayIdAsync(this SignedHttp client, string prepayId, string path = QueryV2) =>
        client.PostAsync(path, new Dictionary<string, object?> { ["prepayId"] = prepayId });

    public static Task<Answer> CloseByTradeNoAsync(this SignedHttp client, string tradeNo) =>
        client.PostAsync(Close, new Dictionary<string, object?> { ["merchantTradeNo"] = tradeNo });

    public static Task<Answer> CloseByPrepayIdAsync(this SignedHttp client, string prepayId) =>
        client.PostAsync(Close, new Dictionary<string, object?> { ["prepayId"] = prepayId });

    /// <summary>Creates a v2 order and returns its prepayId, failing the test if creation fails.</summary>
    public static async Task<string> CreateV2OrderAsync(this SignedHttp client, string tradeNo,
        Action<Dictionary<string, object?>>? change = null)
    {
        var body = Orders.V2(tradeNo);
        change?.Invoke(body);
        var answer = await client.PostAsync(CreateV2, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.GetProperty("prepayId").GetString()!;
    }

    /// <summary>The status a v2 query reports for a merchantTradeNo.</summary>
    public static async Task<string> StatusAsync(this SignedHttp client, string tradeNo)
    {
        var answer = await client.QueryByTradeNoAsync(tradeNo);
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.GetProperty("status").GetString()!;
    }

    /// <summary>A copy of a request body with one field set.</summary>
    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string name, object? value) =>
        new(body) { [name] = value };

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static Task<long> OrderCountAsync(this TestServer server, long merchantId) =>
        server.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m", ("@m", merchantId));

    public static Task<long> OutboxCountAsync(this TestServer server, string prepayId) =>
        server.Database.CountAsync("SELECT COUNT(*) FROM webhook_outbox WHERE biz_id = @p",
            ("@p", long.Parse(prepayId, CultureInfo.InvariantCulture)));

    /// <summary>The property names of a JSON object, sorted.</summary>
    public static string[] Keys(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The JSON kind of a data field, failing if the field is missing.</summary>
    public static JsonValueKind Kind(this JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? value.ValueKind : throw new ShouldAssertException($"missing {name} in {data}");
}
