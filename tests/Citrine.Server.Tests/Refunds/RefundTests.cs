using System.Collections.Concurrent;
using System.Globalization;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Refunds;

/// <summary>Refund Order and Query Refund over real HTTP (docs/api-reference.md#refunds), with the ledger, outbox and
/// auditor checked.</summary>
public abstract class RefundTests(ServerFixture fixture)
{
    private const string RefundPath = "/binancepay/openapi/order/refund";
    private const string QueryPath = "/binancepay/openapi/order/refund/query";

    private TestServer Server => fixture.Server;

    private async Task<(SignedHttp Client, long BuyerId, long PrepayId)> PaidOrderAsync(decimal amount = 100m,
        string? payCurrency = null)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var buyerId = await Server.CreateBuyerAsync("Alice", new() { ["USDT"] = "1000", ["BNB"] = "10" });
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: amount));
        var paid = await client.SandboxPayAsync(prepayId, buyerId, payCurrency);
        paid.Code.ShouldBe("000000", paid.ToString());
        return (client, buyerId, prepayId);
    }

    private static Dictionary<string, object?> Body(long prepayId, object amount, string? id = null) => new()
    {
        ["refundRequestId"] = id ?? Guid.NewGuid().ToString("N"),
        ["prepayId"] = prepayId.ToString(CultureInfo.InvariantCulture),
        ["refundAmount"] = amount,
    };

    private static async Task<string> SettledStatusAsync(SignedHttp client, string refundRequestId)
    {
        for (var i = 0; i < 200; i++)
        {
            var answer = await client.PostAsync(QueryPath, new { refundRequestId });
            answer.Code.ShouldBe("000000", answer.ToString());
            var status = answer.Data.GetProperty("refundStatus").GetString()!;
            if (status != "REFUND_PENDING")
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("refund still pending");
    }

    [Fact]
    public async Task A_partial_refund_is_accepted_pending_then_settles_with_a_PAY_REFUND_webhook()
    {
        var (client, buyerId, prepayId) = await PaidOrderAsync();
        var body = Body(prepayId, 30m, "r1");
        body["refundReason"] = "damaged";

        var answer = await client.PostAsync(RefundPath, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        data.GetProperty("refundRequestId").GetString().ShouldBe("r1");
        data.GetProperty("prepayId").GetString().ShouldBe(prepayId.ToString(CultureInfo.InvariantCulture));
        data.GetProperty("orderAmount").GetString().ShouldBe("100.00000000");
        data.GetProperty("refundedAmount").GetString().ShouldBe("30.00000000");
        data.GetProperty("refundAmount").GetString().ShouldBe("30.00000000");
        data.GetProperty("remainingAttempts").GetInt32().ShouldBe(9);
        data.GetProperty("duplicateRequest").GetString().ShouldBe("N");
        data.GetProperty("payerOpenId").GetString()!.Length.ShouldBe(32);

        (await SettledStatusAsync(client, "r1")).ShouldBe("REFUND_SUCCESS");
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("REFUNDED");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("930.00000000");
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}", "USDT")).ShouldBe(7_000_000_000);
        (await Server.BalanceUnitsAsync("platform:refunds-pending", "USDT")).ShouldBe(0);

        var events = await Server.OutboxOfAsync(prepayId);
        events.Select(e => (e.BizType, e.BizStatus)).ShouldBe([("PAY", "PAY_SUCCESS"), ("PAY_REFUND", "REFUND_SUCCESS")]);
        var refundData = Sandbox.ParseJson(events[1].DataJson);
        refundData.GetProperty("currency").GetString().ShouldBe("USDT");
        refundData.GetProperty("totalFee").GetDecimal().ShouldBe(100m);
        var info = refundData.GetProperty("refundInfo");
        info.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Object);
        info.GetProperty("refundRequestId").GetString().ShouldBe("r1");
        info.GetProperty("prepayId").GetString().ShouldBe(prepayId.ToString(CultureInfo.InvariantCulture));
        info.GetProperty("refundAmount").GetString().ShouldBe("30.00000000");
        info.GetProperty("refundedAmount").GetString().ShouldBe("30.00000000");
        info.GetProperty("orderAmount").GetString().ShouldBe("100.00000000");
        info.GetProperty("remainingAttempts").GetInt32().ShouldBe(9);

        var query = (await client.PostAsync(QueryPath, new { refundRequestId = "r1" })).Data;
        query.GetProperty("refundAmount").GetString().ShouldBe("30.00000000");
        query.GetProperty("refundCommission").GetString().ShouldBe("0.00000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_replay_returns_the_same_refund_and_another_body_under_the_same_id_is_refused()
    {
        var (client, _, prepayId) = await PaidOrderAsync();
        var first = await client.PostAsync(RefundPath, Body(prepayId, 10m, "same-id"));
        first.Code.ShouldBe("000000");

        var replay = await client.PostAsync(RefundPath, Body(prepayId, "10.00", "same-id"));
        replay.Code.ShouldBe("000000", replay.ToString());
        replay.Data.GetProperty("duplicateRequest").GetString().ShouldBe("Y");
        replay.Data.GetProperty("refundId").GetString().ShouldBe(first.Data.GetProperty("refundId").GetString());
        replay.Data.GetProperty("remainingAttempts").GetInt32().ShouldBe(9);

        (await client.PostAsync(RefundPath, Body(prepayId, 11m, "same-id"))).Code.ShouldBe("400001");
        (await SettledStatusAsync(client, "same-id")).ShouldBe("REFUND_SUCCESS");
        (await client.PostAsync(RefundPath, Body(prepayId, 10m, "same-id"))).Data
            .GetProperty("duplicateRequest").GetString().ShouldBe("Y");
        (await Server.QueryDbAsync("SELECT COUNT(*) FROM refunds WHERE prepay_id = @p", r => r.GetInt64(0),
            ("@p", prepayId))).Single().ShouldBe(1);
    }

    [Fact]
    public async Task Refunds_are_refused_with_the_recorded_codes()
    {
        var (client, _, prepayId) = await PaidOrderAsync();
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var unpaid = await client.CreateOrderAsync(Orders.V2(amount: 5m));
        var closed = await client.CreateOrderAsync(Orders.V2(amount: 5m));
        (await client.CloseAsync(closed)).Code.ShouldBe("000000");

        (await client.PostAsync(RefundPath, Body(123456789, 1m))).Code.ShouldBe("400301");
        (await other.PostAsync(RefundPath, Body(prepayId, 1m))).Code.ShouldBe("400301");
        (await client.PostAsync(RefundPath, Body(unpaid, 1m))).Code.ShouldBe("400204");
        (await client.PostAsync(RefundPath, Body(closed, 1m))).Code.ShouldBe("400204");
        (await client.PostAsync(RefundPath, Body(prepayId, 100.00000001m))).Code.ShouldBe("400303");

        var missingId = Body(prepayId, 1m);
        missingId.Remove("refundRequestId");
        (await client.PostAsync(RefundPath, missingId)).Code.ShouldBe("400100");
        (await client.PostAsync(RefundPath, Body(prepayId, 1m, new string('a', 65)))).Code.ShouldBe("400101");
        (await client.PostAsync(RefundPath, Body(prepayId, 1m, new string('a', 64)))).Code.ShouldBe("000000");
        (await client.PostAsync(RefundPath, Body(prepayId, 0m))).Code.ShouldBe("400102");
        (await client.PostAsync(RefundPath, Body(prepayId, -1m))).Code.ShouldBe("400102");
        (await client.PostAsync(RefundPath, Body(prepayId, "0.000000001"))).Code.ShouldBe("400101");
        (await client.PostAsync(RefundPath, Body(prepayId, "abc"))).Code.ShouldBe("400100");
        var missingPrepay = Body(prepayId, 1m);
        missingPrepay.Remove("prepayId");
        (await client.PostAsync(RefundPath, missingPrepay)).Code.ShouldBe("400100");
        var longReason = Body(prepayId, 1m);
        longReason["refundReason"] = new string('r', 257);
        (await client.PostAsync(RefundPath, longReason)).Code.ShouldBe("400101");
        var badUrl = Body(prepayId, 1m);
        badUrl["webhookUrl"] = "ftp://example.com/hook";
        (await client.PostAsync(RefundPath, badUrl)).Code.ShouldBe("400102");
        (await client.PostAsync(QueryPath, new { refundRequestId = "never-made" })).Code.ShouldBe("400001");
        (await other.PostAsync(QueryPath, new { refundRequestId = new string('a', 64) })).Code.ShouldBe("400001");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Refunding_everything_makes_the_order_FULL_REFUNDED_and_returns_the_pay_currency_exactly()
    {
        var (client, buyerId, prepayId) = await PaidOrderAsync(50m, payCurrency: "BNB");
        var bnbAfterPay = (await Server.BuyerBalancesAsync(buyerId))["BNB"];
        bnbAfterPay.ShouldNotBe("10.00000000");

        (await client.PostAsync(RefundPath, Body(prepayId, 20m, "part1"))).Code.ShouldBe("000000");
        (await client.PostAsync(RefundPath, Body(prepayId, 30m, "part2"))).Code.ShouldBe("000000");
        (await SettledStatusAsync(client, "part1")).ShouldBe("REFUND_SUCCESS");
        (await SettledStatusAsync(client, "part2")).ShouldBe("REFUND_SUCCESS");

        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("FULL_REFUNDED");
        (await Server.BuyerBalancesAsync(buyerId))["BNB"].ShouldBe("10.00000000");
        (await client.PostAsync(RefundPath, Body(prepayId, 1m))).Code.ShouldBe("400303");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_forced_rejection_settles_as_REFUND_FAIL_and_gives_the_amount_back_to_the_merchant()
    {
        var (client, buyerId, prepayId) = await PaidOrderAsync();
        (await client.PostAsync("/sandbox/refunds/reject-next", new { prepayId })).Code.ShouldBe("000000");
        (await client.PostAsync(RefundPath, Body(prepayId, 40m, "doomed"))).Code.ShouldBe("000000");
        (await SettledStatusAsync(client, "doomed")).ShouldBe("REFUND_FAIL");

        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("PAID");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("900.00000000");
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}", "USDT")).ShouldBe(10_000_000_000);
        var events = await Server.OutboxOfAsync(prepayId);
        events.Last().BizStatus.ShouldBe("REFUND_REJECTED");

        // Only that one: the next refund succeeds, and the rejected one still used an attempt.
        var next = await client.PostAsync(RefundPath, Body(prepayId, 40m, "fine"));
        next.Data.GetProperty("remainingAttempts").GetInt32().ShouldBe(8);
        next.Data.GetProperty("refundedAmount").GetString().ShouldBe("40.00000000");
        (await SettledStatusAsync(client, "fine")).ShouldBe("REFUND_SUCCESS");
        (await client.PostAsync("/sandbox/refunds/reject-next", new { prepayId = 42 })).Code.ShouldBe("400301");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_merchant_whose_balance_cannot_cover_the_refund_is_refused_with_400304()
    {
        var (client, _, prepayId) = await PaidOrderAsync(10m);
        var merchant = $"merchant:{client.Merchant.MerchantId}";

        // Move the merchant's money out with a balanced journal, as a withdrawal would.
        await Server.Database.WriteAsync(async (c, ct) =>
        {
            async Task Run(string sql)
            {
                await using var command = c.CreateCommand();
                command.CommandText = sql.Replace("@acct", $"'{merchant}'", StringComparison.Ordinal);
                await command.ExecuteNonQueryAsync(ct);
            }

            await Run("INSERT INTO journals (kind, reference, order_id, created_at_ms) VALUES ('TEST_WITHDRAWAL', 'w', NULL, 0)");
            await Run("INSERT INTO postings (journal_id, account, asset, units) VALUES ((SELECT MAX(journal_id) FROM journals), @acct, 'USDT', -1000000000)");
            await Run("INSERT INTO postings (journal_id, account, asset, units) VALUES ((SELECT MAX(journal_id) FROM journals), 'sandbox:mint', 'USDT', 1000000000)");
            await Run("UPDATE balances SET units = units - 1000000000 WHERE account = @acct AND asset = 'USDT'");
            await Run("UPDATE balances SET units = units + 1000000000 WHERE account = 'sandbox:mint' AND asset = 'USDT'");
            return 0;
        }, CancellationToken.None);

        (await client.PostAsync(RefundPath, Body(prepayId, 1m, "broke"))).Code.ShouldBe("400304");
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("PAID");
        (await client.PostAsync(QueryPath, new { refundRequestId = "broke" })).Code.ShouldBe("400001");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_hundred_concurrent_refunds_accept_exactly_ten_and_the_tenth_takes_the_remainder()
    {
        var (client, buyerId, prepayId) = await PaidOrderAsync(100m);
        var codes = new ConcurrentBag<(string Code, decimal Amount)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) =>
            {
                var answer = await client.PostAsync(RefundPath, Body(prepayId, 1m, $"c{i}"));
                codes.Add((answer.Code, answer.Code == "000000"
                    ? decimal.Parse(answer.Data.GetProperty("refundAmount").GetString()!, CultureInfo.InvariantCulture)
                    : 0m));
            });

        codes.Count(c => c.Code == "000000").ShouldBe(10);
        codes.Where(c => c.Code != "000000").ShouldAllBe(c => c.Code == "400302");
        codes.Sum(c => c.Amount).ShouldBe(100m);
        codes.Where(c => c.Code == "000000").Select(c => c.Amount).Order().ShouldBe([1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m, 91m]);

        var rows = await Server.QueryDbAsync(
            "SELECT refund_request_id, status FROM refunds WHERE prepay_id = @p", r => r.GetString(1), ("@p", prepayId));
        rows.Count.ShouldBe(10);
        for (var i = 0; i < 200 && (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString() != "FULL_REFUNDED"; i++)
        {
            await Task.Delay(50);
        }

        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("FULL_REFUNDED");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("1000.00000000");
        (await Server.OutboxOfAsync(prepayId)).Count(e => e.BizStatus == "REFUND_SUCCESS").ShouldBe(10);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Fifty_concurrent_replays_of_one_refundRequestId_make_one_refund()
    {
        var (client, _, prepayId) = await PaidOrderAsync(100m);
        var answers = new ConcurrentBag<Answer>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 25 },
            async (_, _) => answers.Add(await client.PostAsync(RefundPath, Body(prepayId, 3m, "replayed"))));

        answers.ShouldAllBe(a => a.Code == "000000");
        answers.Count(a => a.Data.GetProperty("duplicateRequest").GetString() == "N").ShouldBe(1);
        answers.Select(a => a.Data.GetProperty("refundId").GetString()).Distinct().Count().ShouldBe(1);
        (await Server.QueryDbAsync("SELECT refund_count, refunded_units FROM orders WHERE prepay_id = @p",
            r => (r.GetInt64(0), r.GetInt64(1)), ("@p", prepayId))).Single().ShouldBe((1L, 300_000_000L));
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

/// <summary>Refund servers settle on a short cadence so that the tests see REFUND_PENDING turn final quickly.</summary>
public abstract class RefundServer(Store store) : ServerFixture(store, options =>
{
    ServerTuning.Busy(options);
    options.SweepIntervalMs = 50;
});

public sealed class SqliteRefundServer() : RefundServer(Store.Sqlite);

public sealed class PostgresRefundServer() : RefundServer(Store.Postgres);

public sealed class SqliteRefundTests(SqliteRefundServer fixture) : RefundTests(fixture), IClassFixture<SqliteRefundServer>;

public sealed class PostgresRefundTests(PostgresRefundServer fixture) : RefundTests(fixture), IClassFixture<PostgresRefundServer>;
