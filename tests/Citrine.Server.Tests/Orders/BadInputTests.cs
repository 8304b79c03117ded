using System.Net;
using Citrine.Testing;

namespace Citrine.Server.Tests.Ordering;

/// <summary>
/// Every case of <see cref="BadInputCorpus"/> gets its own documented code, an errorMessage that names the field,
/// never HTTP 500, and a failed create writes nothing.
/// </summary>
public abstract class BadInputTests(OrderServer fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public void The_corpus_has_at_least_100_cases_over_every_order_endpoint()
    {
        BadInputCorpus.Cases.Count.ShouldBeGreaterThanOrEqualTo(100);
        BadInputCorpus.Cases.Values.Select(c => c.Path).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            new[]
            {
                OrderApi.CreateV1, OrderApi.CreateV2, OrderApi.CreateV3, OrderApi.QueryV1, OrderApi.QueryV2,
                OrderApi.Close, OrderApi.SubMerchantAdd,
            }.Order(StringComparer.Ordinal));
        BadInputCorpus.Cases.Values.Select(c => c.Code).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            ["400001", "400008", "400100", "400101", "400102", "400103", "400206"]);
    }

    [Theory]
    [MemberData(nameof(BadInputCorpus.Names), MemberType = typeof(BadInputCorpus))]
    public async Task Bad_input_gets_its_documented_code_and_never_HTTP_500(string name)
    {
        var bad = BadInputCorpus.Cases[name];
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        var context = new BadInputContext(merchant.MerchantId, Orders.NewTradeNo(), OrderApi.NowMs());
        var standing = bad.Path == OrderApi.Close ? await client.CreateV2OrderAsync(Orders.NewTradeNo()) : null;

        var answer = await client.PostBytesAsync(bad.Path, bad.Body(context));

        ((int)answer.HttpStatus).ShouldBeLessThan(500, answer.ToString());
        answer.HttpStatus.ShouldBe(HttpStatusCode.BadRequest, answer.ToString());
        answer.Status.ShouldBe("FAIL");
        answer.Code.ShouldBe(bad.Code, answer.ToString());
        answer.ErrorMessage.ShouldNotBeNull().ShouldStartWith(bad.MessagePrefix + ": ", Case.Sensitive,
            answer.ToString());

        if (bad.IsCreate)
        {
            (await Server.OrderCountAsync(merchant.MerchantId)).ShouldBe(0);
            if (bad.TradeNoIsValid)
            {
                (await client.QueryByTradeNoAsync(context.TradeNo)).Code.ShouldBe("400202");
            }
        }

        if (standing is not null)
        {
            (await client.QueryByPrepayIdAsync(standing)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
            (await Server.OutboxCountAsync(standing)).ShouldBe(0);
        }
    }
}

public sealed class SqliteBadInputTests(SqliteOrderServer fixture)
    : BadInputTests(fixture), IClassFixture<SqliteOrderServer>;

public sealed class PostgresBadInputTests(PostgresOrderServer fixture)
    : BadInputTests(fixture), IClassFixture<PostgresOrderServer>;
