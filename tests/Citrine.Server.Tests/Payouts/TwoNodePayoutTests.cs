using Citrine.Server.Tests.Wallets;
using Citrine.Testing;
using static Citrine.Server.Tests.Payouts.PayoutKit;

namespace Citrine.Server.Tests.Payouts;

/// <summary>Two nodes on one PostgreSQL database process the same batches at once: lines are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease, and each is paid exactly once.</summary>
public sealed class TwoNodePayoutTests(PostgresTransferRaceServer fixture) : IClassFixture<PostgresTransferRaceServer>
{
    [Fact]
    public async Task Two_nodes_processing_the_same_batches_pay_each_line_once()
    {
        var first = fixture.Server;
        await using var second = await TestServer.StartAsync(Store.Postgres, reuse: first.Options);
        var merchant = await first.CreateMerchantAsync();
        var one = first.Signed(merchant);
        var two = second.Signed(merchant);
        var merchantId = merchant.MerchantId;
        var buyer = await BuyerAsync(first);
        await WalletTests.FundAsync(one, "FUNDING_WALLET", "USDT", 1000);

        // Batches go to both nodes; both processors claim lines of all of them.
        var accepted = await Task.WhenAll(Enumerable.Range(0, 6).Select(b => (b % 2 == 0 ? one : two).PostAsync(
            TransferPath, Batch($"two-{b}", [.. Enumerable.Range(0, 100).Select(i =>
                Line($"s{i}", "BINANCE_ID", i % 10 == 0 ? "77" : buyer.BinanceId, "0.25"))]))));
        accepted.ShouldAllBe(a => a.Code == "000000");

        for (var b = 0; b < 6; b++)
        {
            (await FinalAsync(b % 2 == 0 ? two : one, $"two-{b}", TimeSpan.FromMinutes(3))).GetProperty("batchStatus").GetString()
                .ShouldBe("PART_SUCCESS");
        }

        (await first.BuyerBalancesAsync(buyer.BuyerId))["USDT"].ShouldBe("135.00000000"); // 6 × 90 × 0.25
        (await first.Database.CountAsync(
            "SELECT COUNT(*) FROM journals WHERE kind IN ('PAYOUT', 'PAYOUT_RETURN') AND reference IN "
            + "(SELECT CAST(line_id AS TEXT) FROM payout_lines WHERE merchant_id = @m)", ("@m", merchantId)))
            .ShouldBe(600);
        (await first.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(86_500_000_000);
        (await first.BalanceUnitsAsync($"merchant:{merchantId}:funding:freeze", "USDT")).ShouldBe(0);
        (await first.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND biz_type = 'PAYOUT'",
            ("@m", merchantId))).ShouldBe(6);
        (await first.AuditAsync()).ShouldBeEmpty();
    }
}
