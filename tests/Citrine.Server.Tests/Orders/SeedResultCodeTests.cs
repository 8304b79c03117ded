using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Citrine.Contracts;
using Citrine.Contracts.Signing;
using Citrine.Server.Tests.Catalog;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// Every result code of the seed pages (docs/api-reference.md#seed-pages) for the endpoints that exist (000 close, 001
/// create v1, 002 create v2), reached through HTTP. One test per code, named after it; the terminate-contract page
/// (003) comes with a later issue. A code is reached on each of the three endpoints where the endpoint has a rule that
/// can produce it.
/// </summary>
public abstract partial class SeedResultCodeTests(OrderServer fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public void Every_seed_code_of_the_existing_endpoints_has_a_test_here()
    {
        var expected = SeedPages.CloseOrder.Concat(SeedPages.CreateOrderV1).Concat(SeedPages.CreateOrderV2)
            .Select(r => r.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        var tested = typeof(SeedResultCodeTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => CodeInName().Match(m.Name)).Where(m => m.Success)
            .Select(m => (Code: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();

        tested.Select(t => t.Code).Distinct().Order(StringComparer.Ordinal).ToList().ShouldBe(expected);
        foreach (var (code, name) in tested)
        {
            name.ShouldBe(ResultCodes.Find(code)!.Name);
        }
    }

    [Fact]
    public async Task Code_400000_UNKNOWN_ERROR_is_the_envelope_with_HTTP_500_when_the_server_fails_inside()
    {
        // Nothing a client sends may cause it, so the database is broken underneath a server of our own.
        await using var server = await TestServer.StartAsync(fixture.Store, OrderServer.Apply);
        var merchant = await server.CreateMerchantAsync();
        var client = server.Signed(merchant);
        var tradeNo = Orders.NewTradeNo();
        await client.CreateV2OrderAsync(tradeNo);
        await server.Database.WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE orders RENAME TO orders_gone";
            return await command.ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);

        var answers = new[]
        {
            await client.PostAsync(OrderApi.CreateV1, Orders.V1(merchant.MerchantId)),
            await client.PostAsync(OrderApi.CreateV2, Orders.V2()),
            await client.CloseByTradeNoAsync(tradeNo),
        };
        foreach (var answer in answers)
        {
            answer.HttpStatus.ShouldBe(HttpStatusCode.InternalServerError);
            OrderApi.Keys(answer.Envelope).ShouldBe(["code", "data", "errorMessage", "status"]);
            answer.Status.ShouldBe("FAIL");
            answer.Code.ShouldBe("400000");
            answer.ErrorMessage.ShouldBe("An unknown error occurred; try again later.");
            answer.Body.ShouldNotContain("Exception");
            answer.Body.ShouldNotContain("orders");
        }
    }

    [Fact]
    public async Task Code_400001_INVALID_REQUEST_for_a_reused_nonce_and_for_duplicate_keys()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var nonce = Nonce.Create();
            var first = await client.PostRawAsync(endpoint.Path, body, nonce: nonce);
            first.Code.ShouldBe("000000", $"{endpoint.Path}: {first}");
            var replay = await client.PostRawAsync(endpoint.Path, body, nonce: nonce);
            AssertFail(replay, "400001", HttpStatusCode.BadRequest, endpoint.Path);

            var (client2, body2) = await endpoint.PrepareAsync(Server);
            var duplicate = await client2.PostRawAsync(endpoint.Path, "{\"merchantTradeNo\":\"x\"," + body2[1..]);
            AssertFail(duplicate, "400001", HttpStatusCode.BadRequest, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400002_INVALID_SIGNATURE_for_a_signature_that_does_not_match()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var answer = await client.PostRawAsync(endpoint.Path, body,
                r => Replace(r, BinancePayHeaders.Signature, new string('A', 128)));
            AssertFail(answer, "400002", HttpStatusCode.BadRequest, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400003_INVALID_TIMESTAMP_for_a_timestamp_outside_the_window()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var answer = await client.PostRawAsync(endpoint.Path, body,
                timestampMs: OrderApi.NowMs() - (long)TimeSpan.FromMinutes(10).TotalMilliseconds);
            AssertFail(answer, "400003", HttpStatusCode.BadRequest, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400004_INVALID_API_KEY_OR_IP_for_an_unknown_key()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var stranger = Server.Signed(client.Merchant with { ApiKey = new string('z', 64) });
            AssertFail(await stranger.PostRawAsync(endpoint.Path, body), "400004", HttpStatusCode.BadRequest,
                endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400005_BAD_API_KEY_FMT_for_a_malformed_or_missing_key()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            AssertFail(await client.PostRawAsync(endpoint.Path, body,
                r => Replace(r, BinancePayHeaders.CertificateSn, "not-a-key")), "400005", HttpStatusCode.BadRequest,
                endpoint.Path);
            AssertFail(await client.PostRawAsync(endpoint.Path, body,
                r => r.Headers.Remove(BinancePayHeaders.CertificateSn)), "400005", HttpStatusCode.BadRequest,
                endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400006_BAD_HTTP_METHOD_with_HTTP_405_for_GET_PUT_and_DELETE()
    {
        foreach (var endpoint in Endpoints)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                using var request = new HttpRequestMessage(method, endpoint.Path);
                AssertFail(await SignedHttp.SendAsync(Server.Http, request), "400006", HttpStatusCode.MethodNotAllowed,
                    $"{method} {endpoint.Path}");
            }
        }
    }

    [Fact]
    public async Task Code_400007_MEDIA_TYPE_NOT_SUPPORTED_with_HTTP_415_for_other_media_types()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            AssertFail(await client.PostRawAsync(endpoint.Path, body,
                r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain")), "400007",
                HttpStatusCode.UnsupportedMediaType, endpoint.Path);
            AssertFail(await client.PostRawAsync(endpoint.Path, body, r => r.Content!.Headers.ContentType = null),
                "400007", HttpStatusCode.UnsupportedMediaType, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400008_INVALID_REQUEST_BODY_for_a_body_that_is_not_one_JSON_object()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, _) = await endpoint.PrepareAsync(Server);
            foreach (var body in new[] { "", "[]", "{\"merchantTradeNo\":", "true" })
            {
                AssertFail(await client.PostRawAsync(endpoint.Path, body), "400008", HttpStatusCode.BadRequest,
                    $"{endpoint.Path} {body}");
            }
        }
    }

    [Fact]
    public async Task Code_400100_MANDATORY_PARAM_EMPTY_OR_MALFORMED_for_a_missing_merchantTradeNo()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var answer = await client.PostRawAsync(endpoint.Path, WithField(body, "merchantTradeNo", "null"));
            AssertFail(answer, "400100", HttpStatusCode.BadRequest, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400101_INVALID_PARAM_WRONG_LENGTH_for_a_33_character_merchantTradeNo()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var answer = await client.PostRawAsync(endpoint.Path,
                WithField(body, "merchantTradeNo", "\"" + new string('1', 33) + "\""));
            AssertFail(answer, "400101", HttpStatusCode.BadRequest, endpoint.Path);
            answer.ErrorMessage.ShouldBe("merchantTradeNo: at most 32 letters or digits");
        }
    }

    [Fact]
    public async Task Code_400102_INVALID_PARAM_WRONG_VALUE_for_an_unlisted_currency_on_create()
    {
        // Close has no field with a value range; the seed lists the code for it all the same.
        foreach (var endpoint in Endpoints.Where(e => e.Path != OrderApi.Close))
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var answer = await client.PostRawAsync(endpoint.Path, WithField(body, "currency", "\"XYZ\""));
            AssertFail(answer, "400102", HttpStatusCode.BadRequest, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400103_INVALID_PARAM_ILLEGAL_CHAR_for_a_symbol_in_merchantTradeNo()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var answer = await client.PostRawAsync(endpoint.Path, WithField(body, "merchantTradeNo", "\"ice-cream\""));
            AssertFail(answer, "400103", HttpStatusCode.BadRequest, endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400104_INVALID_REQUEST_TOO_LARGE_with_HTTP_413_for_a_body_over_64_KiB()
    {
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            var large = WithField(body, "padding", "\"" + new string('x', 65 * 1024) + "\"");
            AssertFail(await client.PostRawAsync(endpoint.Path, large), "400104", HttpStatusCode.RequestEntityTooLarge,
                endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400201_INVALID_MERCHANT_TRADE_NO_for_a_duplicate_merchantTradeNo_on_v1_and_v2()
    {
        foreach (var endpoint in Endpoints.Where(e => e.Path != OrderApi.Close))
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            (await client.PostRawAsync(endpoint.Path, body)).Code.ShouldBe("000000");
            var again = await client.PostRawAsync(endpoint.Path, body);
            AssertFail(again, "400201", HttpStatusCode.BadRequest, endpoint.Path);
            again.ErrorMessage.ShouldBe("merchantTradeNo: duplicated, an order with this merchantTradeNo exists");
        }
    }

    [Fact]
    public async Task Code_400202_ORDER_NOT_FOUND_for_close_and_query_of_an_unknown_order()
    {
        // The v1 create page lists it too, but a create never looks an order up; query is where a v1 client meets it.
        var client = Server.Signed(await Server.CreateMerchantAsync());
        foreach (var path in new[] { OrderApi.Close, OrderApi.QueryV1, OrderApi.QueryV2 })
        {
            AssertFail(await client.PostAsync(path, new Dictionary<string, object?> { ["merchantTradeNo"] = "unknown1" }),
                "400202", HttpStatusCode.BadRequest, path);
            AssertFail(await client.PostAsync(path, new Dictionary<string, object?> { ["prepayId"] = "1" }),
                "400202", HttpStatusCode.BadRequest, path);
        }
    }

    [Fact]
    public async Task Code_400203_INVALID_ACCOUNT_STATUS_for_a_disabled_merchant()
    {
        var prepared = new List<(Endpoint Endpoint, SignedHttp Client, string Body)>();
        foreach (var endpoint in Endpoints)
        {
            var (client, body) = await endpoint.PrepareAsync(Server);
            using var disable = await Server.Http.PostAsync($"/admin/merchants/{client.Merchant.MerchantId}",
                new StringContent("{\"status\":\"DISABLED\"}", Encoding.UTF8, "application/json"));
            disable.EnsureSuccessStatusCode();
            prepared.Add((endpoint, client, body));
        }

        await Task.Delay(Citrine.Application.Auth.RequestAuthenticator.KeyCacheTtl + TimeSpan.FromMilliseconds(300));
        foreach (var (endpoint, client, body) in prepared)
        {
            AssertFail(await client.PostRawAsync(endpoint.Path, body), "400203", HttpStatusCode.BadRequest,
                endpoint.Path);
        }
    }

    [Fact]
    public async Task Code_400204_INVALID_ORDER_STATUS_for_closing_a_CANCELED_and_an_EXPIRED_order()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var canceled = Orders.NewTradeNo();
        await client.CreateV2OrderAsync(canceled);
        (await client.CloseByTradeNoAsync(canceled)).Code.ShouldBe("000000");
        AssertFail(await client.CloseByTradeNoAsync(canceled), "400204", HttpStatusCode.BadRequest, "canceled");

        var expired = Orders.NewTradeNo();
        var expireMs = OrderApi.NowMs() + 2_000;
        await client.CreateV2OrderAsync(expired, b => b["orderExpireTime"] = expireMs);
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, expireMs + 100 - OrderApi.NowMs())));
        AssertFail(await client.CloseByTradeNoAsync(expired), "400204", HttpStatusCode.BadRequest, "expired");
    }

    [Fact]
    public async Task Code_400206_SUB_MERCHANT_INVALID_for_an_unknown_sub_merchant_on_v2_and_v1()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var v2 = Orders.V2();
        v2["merchant"] = new Dictionary<string, object?> { ["subMerchantId"] = "2107268400000001" };
        AssertFail(await client.PostAsync(OrderApi.CreateV2, v2), "400206", HttpStatusCode.BadRequest, "v2");

        var v1 = Orders.V1(merchant.MerchantId);
        v1["subMerchantId"] = 2107268400000001L;
        var answer = await client.PostAsync(OrderApi.CreateV1, v1);
        AssertFail(answer, "400206", HttpStatusCode.BadRequest, "v1");
        answer.ErrorMessage.ShouldBe("subMerchantId: no such active sub-merchant under this merchant");
    }

    /// <summary>The three seed endpoints, each able to make a fresh merchant and a body that succeeds.</summary>
    private static readonly Endpoint[] Endpoints =
    [
        new(OrderApi.CreateV1, (_, merchant) =>
            Task.FromResult(JsonSerializer.Serialize(Orders.V1(merchant.MerchantId)))),
        new(OrderApi.CreateV2, (_, _) => Task.FromResult(JsonSerializer.Serialize(Orders.V2()))),
        new(OrderApi.Close, async (server, merchant) =>
        {
            var tradeNo = Orders.NewTradeNo();
            await server.Signed(merchant).CreateV2OrderAsync(tradeNo);
            return JsonSerializer.Serialize(new Dictionary<string, object?> { ["merchantTradeNo"] = tradeNo });
        }),
    ];

    private sealed record Endpoint(string Path, Func<TestServer, TestMerchant, Task<string>> ValidBody)
    {
        public async Task<(SignedHttp Client, string Body)> PrepareAsync(TestServer server)
        {
            var merchant = await server.CreateMerchantAsync();
            return (server.Signed(merchant), await ValidBody(server, merchant));
        }
    }

    private static void AssertFail(Answer answer, string code, HttpStatusCode status, string context)
    {
        answer.Code.ShouldBe(code, $"{context}: {answer}");
        answer.HttpStatus.ShouldBe(status, $"{context}: {answer}");
        answer.Status.ShouldBe("FAIL");
        answer.Data.ValueKind.ShouldBe(JsonValueKind.Null);
        answer.ErrorMessage.ShouldNotBeNullOrWhiteSpace();
        answer.ErrorMessage!.Length.ShouldBeLessThanOrEqualTo(256);
    }

    /// <summary>The JSON object text with one top-level field replaced (or added) as raw JSON.</summary>
    private static string WithField(string json, string name, string rawValue)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(name);
        var text = node.ToJsonString();
        return text[..^1] + (node.Count > 0 ? "," : "") + JsonSerializer.Serialize(name) + ":" + rawValue + "}";
    }

    private static void Replace(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
    }

    [GeneratedRegex("^Code_([0-9]{6})_([A-Z_]+?)_(?:for|with|is)_")]
    private static partial Regex CodeInName();
}

public sealed class SqliteSeedResultCodeTests(SqliteOrderServer fixture)
    : SeedResultCodeTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresSeedResultCodeTests(PostgresOrderServer fixture)
    : SeedResultCodeTests(fixture), IClassFixture<PostgresOrderServer>;
