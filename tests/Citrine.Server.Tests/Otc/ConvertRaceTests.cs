using Citrine.Testing;
using static Citrine.Server.Tests.Otc.ConvertHelpers;

namespace Citrine.Server.Tests.Otc;

/// <summary>Races on one quote, decided by the database (docs/architecture.md#race-tests): the conditional update on
/// the quote row lets exactly one of 100 concurrent executions through.</summary>
public abstract class ConvertRaceTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task One_hundred_concurrent_executions_of_one_quote_make_one_trade_and_one_journal()
    {
        var client = await Server.NewConvertMerchantAsync();
        var merchantId = client.Merchant.MerchantId;
        await client.FundAsync("FUNDING_WALLET", "USDT", 10_000);
        var quoteId = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.ExecuteAsync(quoteId)));

        var unexpected = string.Join(" | ", answers.Where(a => a.Code is not ("000000" or "400204")).Take(3));
        answers.Count(a => a.Code == "000000").ShouldBe(1, unexpected);
        answers.Count(a => a.Code == "400204").ShouldBe(99, unexpected);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM convert_trades WHERE merchant_id = @m",
            ("@m", merchantId))).ShouldBe(1);
        var orderId = answers.Single(a => a.Code == "000000").Data.GetProperty("orderId").GetString()!;
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM journals WHERE kind = 'CONVERT' AND reference = @o",
            ("@o", orderId))).ShouldBe(1);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(990_000_000_000);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "BNB")).ShouldBe(16_650_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

/// <summary>Race servers: a wider timestamp window and a small PostgreSQL pool (ServerTuning.Busy).</summary>
public abstract class ConvertRaceServer(Store store) : ServerFixture(store, ServerTuning.Busy);

public sealed class SqliteConvertRaceServer() : ConvertRaceServer(Store.Sqlite);

public sealed class PostgresConvertRaceServer() : ConvertRaceServer(Store.Postgres);

public sealed class SqliteConvertRaceTests(SqliteConvertRaceServer fixture)
    : ConvertRaceTests(fixture), IClassFixture<SqliteConvertRaceServer>;

public sealed class PostgresConvertRaceTests(PostgresConvertRaceServer fixture)
    : ConvertRaceTests(fixture), IClassFixture<PostgresConvertRaceServer>;
