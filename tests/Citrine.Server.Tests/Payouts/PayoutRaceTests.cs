using Citrine.Server.Tests.Wallets;
using Citrine.Testing;
using static Citrine.Server.Tests.Payouts.PayoutKit;

namespace Citrine.Server.Tests.Payouts;

/// <summary>Races on payouts, decided by the database (docs/architecture.md#race-tests): many batches and transfers
/// against a wallet that covers only some, many replays of one requestId, and every line paid exactly once while
/// the processors of the node work through them.</summary>
public abstract class PayoutRaceTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Two_hundred_concurrent_payouts_and_transfers_against_a_balance_for_fifty_take_exactly_fifty()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var merchantId = client.Merchant.MerchantId;
        var buyer = await BuyerAsync(Server);
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 50);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? client.PostAsync(TransferPath, Batch($"race-{i}", Line("l", "BINANCE_ID", buyer.BinanceId, 1)))
            : client.PostAsync(WalletTests.TransferPath,
                new { requestId = $"race-{i}", currency = "USDT", amount = "1", transferType = "TO_MAIN" })));

        var codes = answers.GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.Count());
        codes.GetValueOrDefault("000000").ShouldBe(50,
            string.Join(" | ", answers.Where(a => a.Code is not ("000000" or "400304")).Take(3)));
        codes.GetValueOrDefault("400304").ShouldBe(150);
        var batches = await Server.Database.CountAsync("SELECT COUNT(*) FROM payout_batches WHERE merchant_id = @m",
            ("@m", merchantId));
        var transfers = await Server.Database.CountAsync("SELECT COUNT(*) FROM wallet_transfers WHERE merchant_id = @m",
            ("@m", merchantId));
        (batches + transfers).ShouldBe(50);

        var deadline = DateTime.UtcNow + Patience;
        while (await Server.Database.CountAsync(
                   "SELECT COUNT(*) FROM payout_batches WHERE merchant_id = @m AND finished_at_ms IS NULL",
                   ("@m", merchantId)) > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "batches still open");
            await Task.Delay(100);
        }

        (await Server.BuyerBalancesAsync(buyer.BuyerId))["USDT"].ShouldBe(
            Amount(batches), "every accepted line paid exactly once");
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(0);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:funding:freeze", "USDT")).ShouldBe(0);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Fifty_concurrent_replays_of_one_requestId_make_one_batch()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var merchantId = client.Merchant.MerchantId;
        var buyer = await BuyerAsync(Server);
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 100);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsync(TransferPath,
            Batch("one-id", Line("a", "BINANCE_ID", buyer.BinanceId, 3), Line("b", "PAY_ID", buyer.PayId, 1)))));

        answers.Count(a => a.Code == "000000").ShouldBe(1, string.Join(" | ", answers.Take(3)));
        answers.Count(a => a.Code == "000001" && a.Status == "REPEAT_REQ_SUCCESS").ShouldBe(49);
        answers.Select(a => a.Data.GetRawText()).Distinct().Count().ShouldBe(1);
        (await FinalAsync(client, "one-id")).GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        (await Server.BuyerBalancesAsync(buyer.BuyerId))["USDT"].ShouldBe("4.00000000");
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM journals WHERE kind = 'PAYOUT_RESERVE'"
            + " AND reference IN (SELECT CAST(batch_id AS TEXT) FROM payout_batches WHERE merchant_id = @m)",
            ("@m", merchantId))).ShouldBe(1);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(9_600_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_large_batch_is_paid_line_by_line_each_line_once()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var merchantId = client.Merchant.MerchantId;
        var buyer = await BuyerAsync(Server);
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 1000);
        var lines = Enumerable.Range(0, 500).Select(i => Line($"s{i}", i % 3 == 0 ? "PAY_ID" : "BINANCE_ID",
            i % 7 == 0 ? "4242" : i % 3 == 0 ? buyer.PayId : buyer.BinanceId, "0.5")).ToArray();
        (await client.PostAsync(TransferPath, Batch("big-1", lines))).Code.ShouldBe("000000");

        // 500 transactions that queue on the batch's row: give a loaded machine time.
        var final = await FinalAsync(client, "big-1", TimeSpan.FromMinutes(3));
        final.GetProperty("batchStatus").GetString().ShouldBe("PART_SUCCESS");
        var failed = Enumerable.Range(0, 500).Count(i => i % 7 == 0);
        (await Server.BuyerBalancesAsync(buyer.BuyerId))["USDT"].ShouldBe(Amount((500 - failed) * 0.5m));
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM journals WHERE kind IN ('PAYOUT', 'PAYOUT_RETURN') AND reference IN "
            + "(SELECT CAST(line_id AS TEXT) FROM payout_lines l JOIN payout_batches b ON b.batch_id = l.batch_id "
            + "WHERE b.merchant_id = @m)", ("@m", merchantId))).ShouldBe(500);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    private static string Amount(decimal value) =>
        value.ToString("0.00000000", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqlitePayoutRaceTests(SqliteTransferRaceServer fixture)
    : PayoutRaceTests(fixture), IClassFixture<SqliteTransferRaceServer>;

public sealed class PostgresPayoutRaceTests(PostgresTransferRaceServer fixture)
    : PayoutRaceTests(fixture), IClassFixture<PostgresTransferRaceServer>;
