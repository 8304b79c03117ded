using Citrine.Testing;

namespace Citrine.Server.Tests.Wallets;

/// <summary>Races on transfers, decided by the database (docs/architecture.md#race-tests): many transfers against a
/// wallet that covers only some, and many replays of one requestId.</summary>
public abstract class TransferRaceTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Two_hundred_concurrent_transfers_against_a_balance_for_fifty_move_exactly_fifty()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var merchantId = client.Merchant.MerchantId;
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 50);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.PostAsync(WalletTests.TransferPath,
            new { requestId = $"race-{i}", currency = "USDT", amount = "1", transferType = "TO_MAIN" })));

        var codes = answers.GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.Count());
        codes.ShouldBe(new Dictionary<string, int> { ["000000"] = 50, ["400304"] = 150 },
            string.Join(" | ", answers.Where(a => a.Code is not ("000000" or "400304")).Take(3)));
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(0);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(5_000_000_000);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM wallet_transfers WHERE merchant_id = @m",
            ("@m", merchantId))).ShouldBe(50);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Fifty_concurrent_replays_of_one_requestId_make_one_transfer()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var merchantId = client.Merchant.MerchantId;
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 100);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsync(WalletTests.TransferPath,
            new { requestId = "one-id", currency = "USDT", amount = "3", transferType = "TO_MAIN" })));

        answers.Count(a => a.Code == "000000").ShouldBe(1, string.Join(" | ", answers.Take(3)));
        answers.Count(a => a.Code == "000001" && a.Status == "REPEAT_REQ_SUCCESS").ShouldBe(49);
        answers.Select(a => a.Data.GetRawText()).Distinct().Count().ShouldBe(1);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(300_000_000);
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM journals WHERE kind = 'WALLET_TRANSFER' AND reference = @r",
            ("@r", $"{merchantId}:one-id"))).ShouldBe(1);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

/// <summary>Race servers: a wider timestamp window and a small PostgreSQL pool (ServerTuning.Busy).</summary>
public abstract class TransferRaceServer(Store store) : ServerFixture(store, ServerTuning.Busy);

public sealed class SqliteTransferRaceServer() : TransferRaceServer(Store.Sqlite);

public sealed class PostgresTransferRaceServer() : TransferRaceServer(Store.Postgres);

public sealed class SqliteTransferRaceTests(SqliteTransferRaceServer fixture)
    : TransferRaceTests(fixture), IClassFixture<SqliteTransferRaceServer>;

public sealed class PostgresTransferRaceTests(PostgresTransferRaceServer fixture)
    : TransferRaceTests(fixture), IClassFixture<PostgresTransferRaceServer>;
