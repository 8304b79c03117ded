using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Server.Tests.Ordering;
using Citrine.Testing;

namespace Citrine.Server.Tests.Declarations;

/// <summary>
/// An escaped unpaired surrogate (<c>"\ud800"</c>) is valid JSON but no text: every field reader refuses it with
/// 400103, whatever type the field expects (integers, amounts, booleans, amount maps), never with HTTP 500.
/// </summary>
public abstract class LoneSurrogateTests(ServerFixture fixture)
{
    private const string Lone = "\"\\ud800\"";

    [Theory]
    [InlineData("/binancepay/openapi/v2/order", "orderAmount", "orderAmount")]
    [InlineData("/binancepay/openapi/v2/order", "orderExpireTime", "orderExpireTime")]
    [InlineData("/binancepay/openapi/v2/order", "merchantTradeNo", "merchantTradeNo")]
    [InlineData("/binancepay/openapi/v2/order", "buyer", "buyer.buyerRegistrationTime")]
    [InlineData("/binancepay/openapi/order", "merchantId", "merchantId")]
    public async Task A_lone_surrogate_in_an_order_field_is_400103(string path, string field, string named)
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        var body = path.EndsWith("v2/order", StringComparison.Ordinal)
            ? Node(Orders.V2())
            : Node(Orders.V1(merchant.MerchantId));
        body[field] = field == "buyer" ? new JsonObject { ["buyerRegistrationTime"] = "LONE" } : "LONE";

        var answer = await fixture.Server.Signed(merchant).PostRawAsync(path, WithLone(body));

        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
        answer.Code.ShouldBe("400103", answer.ToString());
        answer.Envelope.GetProperty("errorMessage").GetString()!.ShouldStartWith(named + ":");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_boolean_is_400103()
    {
        var client = await fixture.Server.NewDirectDebitMerchantAsync();
        var body = ContractBodies.OneOff();
        body["periodic"] = "LONE";

        var answer = await client.PostRawAsync(DirectDebitPaths.Create, WithLone(body));

        answer.Code.ShouldBe("400103", answer.ToString());
        answer.Envelope.GetProperty("errorMessage").GetString()!.ShouldStartWith("periodic:");
    }

    [Fact]
    public async Task A_lone_surrogate_in_an_admin_amount_map_is_400103()
    {
        using var response = await fixture.Server.Http.PostAsync("/admin/buyers", new StringContent(
            WithLone(new JsonObject { ["name"] = "Bob", ["funds"] = new JsonObject { ["USDT"] = "LONE" } }),
            Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().ShouldBe("400103", text);
    }

    private static JsonObject Node(Dictionary<string, object?> body) =>
        JsonNode.Parse(JsonSerializer.Serialize(body))!.AsObject();

    private static string WithLone(JsonObject body) =>
        body.ToJsonString().Replace("\"LONE\"", Lone, StringComparison.Ordinal);
}

public sealed class SqliteLoneSurrogateTests(SqliteOrderServer fixture)
    : LoneSurrogateTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresLoneSurrogateTests(PostgresOrderServer fixture)
    : LoneSurrogateTests(fixture), IClassFixture<PostgresOrderServer>;
