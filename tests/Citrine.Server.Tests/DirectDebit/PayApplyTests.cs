using System.Globalization;
using System.Text.Json.Nodes;
using Citrine.Domain.Ledger;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// Payment (<c>pay/apply</c>, docs/api-reference.md#payment-apply) and Payment Notification (<c>pay/notify</c>,
/// docs/api-reference.md#payment-notification) through real HTTP: the debit of a signed contract's buyer, idempotency
/// per merchantRequestId, every refusal, and the races with replays and with termination. The ledger auditor must stay
/// clean after each.
/// </summary>
public abstract class PayApplyTests(ServerFixture fixture)
{
    public const string Apply = "/binancepay/openapi/pay/apply";
    public const string Notify = "/binancepay/openapi/pay/notify";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Pay_apply_debits_the_signer_credits_the_merchant_and_writes_a_paid_order_and_PAY_SUCCESS()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("100");
        var answer = await client.PostNodeAsync(Apply, Body(contractId, "req1", 3.5m));

        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        var prepayId = long.Parse(data.GetProperty("prepayId").GetString()!, CultureInfo.InvariantCulture);
        data.GetProperty("orderId").GetString().ShouldBe(prepayId.ToString(CultureInfo.InvariantCulture));
        data.GetProperty("merchantRequestId").GetString().ShouldBe("req1");
        data.GetProperty("status").GetString().ShouldBe("SUCCESS");
        data.GetProperty("appliedTime").GetInt64().ShouldBeInRange(
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("96.50000000");
        var commission = (await Server.QueryDbAsync("SELECT commission_units FROM orders WHERE prepay_id = @p",
            r => r.GetInt64(0), ("@p", prepayId))).Single();
        (await Server.BalanceUnitsAsync(Accounts.Merchant(client.Merchant.MerchantId), "USDT"))
            .ShouldBe(350_000_000 - commission);

        var query = await client.QueryAsync(prepayId);
        query.Code.ShouldBe("000000", query.ToString());
        query.Data.GetProperty("status").GetString().ShouldBe("PAID");
        query.Data.GetProperty("currency").GetString().ShouldBe("USDT");

        var events = await Server.OutboxOfAsync(prepayId);
        events.Select(e => (e.BizType, e.BizStatus)).ShouldBe([("PAY", "PAY_SUCCESS")]);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_direct_debit_order_can_be_refunded_like_any_paid_order()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("100");
        var applied = await client.PostNodeAsync(Apply, Body(contractId, "refund1", 4m));
        applied.Code.ShouldBe("000000", applied.ToString());
        var refund = await client.PostAsync("/binancepay/openapi/order/refund", new
        {
            refundRequestId = "rr-" + Guid.NewGuid().ToString("N"),
            prepayId = applied.Data.GetProperty("prepayId").GetString(),
            refundAmount = 1m,
        });
        refund.Code.ShouldBe("000000", refund.ToString());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Server.BuyerBalancesAsync(buyerId))["USDT"] != "97.00000000" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("97.00000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_replay_answers_the_same_without_a_second_debit_and_another_body_gets_400001()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("100");
        var first = await client.PostNodeAsync(Apply, Body(contractId, "same1", 2m));
        first.Code.ShouldBe("000000", first.ToString());
        var again = await client.PostNodeAsync(Apply, Body(contractId, "same1", 2m));
        again.Code.ShouldBe("000000", again.ToString());
        again.Data.ToString().ShouldBe(first.Data.ToString());
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("98.00000000");

        var other = await client.PostNodeAsync(Apply, Body(contractId, "same1", 3m));
        other.Code.ShouldBe("400001", other.ToString());
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("98.00000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_sub_merchant_that_blocks_the_signers_country_refuses_the_debit_and_a_replay_still_answers()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("100");
        (await Server.AdminPostAsync($"/admin/buyers/{buyerId}/kyc", new { nationality = "US" })).Code
            .ShouldBe("000000");
        var sub = new Dictionary<string, object?>
        {
            ["merchantName"] = "Debit Branch",
            ["storeType"] = 1,
            ["merchantMcc"] = "1040",
            ["address"] = "1 Road",
            ["blockPayerKycCountries"] = new[] { "KP" },
        };
        var added = await client.PostAsync("/binancepay/openapi/submerchant/add", sub);
        added.Code.ShouldBe("000000", added.ToString());
        var subMerchantId = added.Data.GetProperty("subMerchantId").GetInt64();
        var underSub = Body(contractId, "sub1", 2m);
        underSub["subMerchantId"] = subMerchantId;
        (await client.PostNodeAsync(Apply, underSub)).Code.ShouldBe("000000");

        // The partner now blocks the signer's nationality: a new debit under the sub-merchant is refused and moves
        // nothing; the earlier one still replays; a debit not under the sub-merchant goes through.
        sub["subMerchantId"] = subMerchantId;
        sub["blockPayerKycCountries"] = new[] { "US" };
        (await client.PostAsync("/binancepay/openapi/submerchant/modify", sub)).Code.ShouldBe("000000");
        var refused = Body(contractId, "sub2", 2m);
        refused["subMerchantId"] = subMerchantId;
        var answer = await client.PostNodeAsync(Apply, refused);
        answer.Code.ShouldBe("409003", answer.ToString());
        answer.ErrorMessage!.ShouldContain("US");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("98.00000000");
        (await client.PostNodeAsync(Apply, underSub)).Code.ShouldBe("000000");
        (await client.PostNodeAsync(Apply, Body(contractId, "plain1", 1m))).Code.ShouldBe("000000");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("97.00000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_refusal_rule_answers_its_code_and_moves_no_money()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("100");
        var (_, strangerContract, _) = await SignedContractAsync("100");

        (await client.PostNodeAsync(Apply, Body(contractId + 1, "r1", 1m))).Code.ShouldBe("406207");
        (await client.PostNodeAsync(Apply, Body(strangerContract, "r2", 1m))).Code.ShouldBe("406207");
        var over = await client.PostNodeAsync(Apply, Body(contractId, "r3", 5.00000001m));
        over.Code.ShouldBe("400102");
        over.Body.ShouldContain("singleUpperLimit");
        (await client.PostNodeAsync(Apply, Body(contractId, "r4", 1m, currency: "USDC"))).Code.ShouldBe("400102");
        var trade = Body(contractId, "r5", 1m);
        trade["tradeMode"] = "PAY";
        (await client.PostNodeAsync(Apply, trade)).Code.ShouldBe("400102");
        (await client.PostNodeAsync(Apply, Body(contractId, "r6", 0m))).Code.ShouldBe("400102");
        (await client.PostNodeAsync(Apply, Body(contractId, "r7", 1.000000001m))).Code.ShouldBe("400101");
        (await client.PostNodeAsync(Apply, Body(contractId, new string('a', 33), 1m))).Code.ShouldBe("400101");
        (await client.PostNodeAsync(Apply, Body(contractId, "bad-id", 1m))).Code.ShouldBe("400103");
        var noName = Body(contractId, "r8", 1m);
        noName.Remove("productName");
        (await client.PostNodeAsync(Apply, noName)).Code.ShouldBe("400100");
        var noBiz = Body(contractId, "r9", 1m);
        noBiz.Remove("bizId");
        (await client.PostNodeAsync(Apply, noBiz)).Code.ShouldBe("400100");
        var badUrl = Body(contractId, "r10", 1m);
        badUrl["webhookUrl"] = "ftp://example.com/x";
        (await client.PostNodeAsync(Apply, badUrl)).Code.ShouldBe("400102");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("100.00000000");

        // A refused request leaves no trace: its id can be used again.
        (await client.PostNodeAsync(Apply, Body(contractId, "r3", 1m))).Code.ShouldBe("000000");

        (await client.PostAsync(DirectDebitPaths.Terminate, new { contractId })).Code.ShouldBe("000000");
        var terminated = await client.PostNodeAsync(Apply, Body(contractId, "r11", 1m));
        terminated.Code.ShouldBe("406212", terminated.ToString());

        var disabled = await Server.NewDirectDebitMerchantAsync(enabled: false);
        (await disabled.PostNodeAsync(Apply, Body(strangerContract, "r12", 1m))).Code.ShouldBe("400606");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Insufficient_funds_answers_409001_and_rolls_everything_back()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("1");
        var answer = await client.PostNodeAsync(Apply, Body(contractId, "poor1", 2m));
        answer.Code.ShouldBe("409001", answer.ToString());
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("1.00000000");
        (await Server.QueryDbAsync("SELECT debit_count FROM direct_debit_contracts WHERE contract_id = @c",
            r => r.GetInt64(0), ("@c", contractId))).Single().ShouldBe(0);
        (await Server.QueryDbAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m",
            r => r.GetInt64(0), ("@m", client.Merchant.MerchantId))).Single().ShouldBe(0);
        (await Server.OutboxAsync(client.Merchant.MerchantId)).Select(r => r.BizStatus)
            .ShouldBe(["CONTRACT_SIGNED"]);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_merchantRequestId_debit_once_and_answer_alike()
    {
        var (client, contractId, buyerId) = await SignedContractAsync("100");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => client.PostNodeAsync(Apply, Body(contractId, "race1", 1.25m))));
        answers.ShouldAllBe(a => a.Code == "000000", string.Join("\n", answers.Select(a => a.Body)));
        answers.Select(a => a.Data.ToString()).Distinct().Count().ShouldBe(1);
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("98.75000000");
        (await Server.QueryDbAsync("SELECT COUNT(*) FROM journals WHERE kind = @k AND order_id IN "
                                   + "(SELECT prepay_id FROM orders WHERE merchant_id = @m)",
            r => r.GetInt64(0), ("@k", JournalKinds.Payment), ("@m", client.Merchant.MerchantId))).Single()
            .ShouldBe(1);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Termination_racing_pay_apply_never_lets_a_debit_through_after_it()
    {
        for (var round = 0; round < 10; round++)
        {
            var (client, contractId, buyerId) = await SignedContractAsync("100");
            var applies = Enumerable.Range(0, 5).Select(i =>
                client.PostNodeAsync(Apply, Body(contractId, $"t{round}x{i}", 1m))).ToList();
            var terminate = client.PostAsync(DirectDebitPaths.Terminate, new { contractId });
            var answers = await Task.WhenAll(applies);
            (await terminate).Code.ShouldBe("000000");
            answers.ShouldAllBe(a => a.Code == "000000" || a.Code == "406212");
            var succeeded = answers.Count(a => a.Code == "000000");

            // After termination answered, nothing more gets through.
            (await client.PostNodeAsync(Apply, Body(contractId, $"t{round}late", 1m))).Code.ShouldBe("406212");

            // Every committed debit is one the contract counted before it was terminated, and one journal.
            (await Server.QueryDbAsync("SELECT debit_count FROM direct_debit_contracts WHERE contract_id = @c",
                r => r.GetInt64(0), ("@c", contractId))).Single().ShouldBe(succeeded);
            var balance = decimal.Parse((await Server.BuyerBalancesAsync(buyerId))["USDT"],
                CultureInfo.InvariantCulture);
            balance.ShouldBe(100m - succeeded);
        }

        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pay_notify_records_and_replays_and_refuses_like_pay_apply()
    {
        var (client, contractId, _) = await SignedContractAsync("100");
        var answer = await client.PostNodeAsync(Notify, NotifyBody(contractId, "n1", 4m));
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("orderId").GetString().ShouldNotBeNullOrEmpty();
        answer.Data.GetProperty("merchantRequestId").GetString().ShouldBe("n1");
        answer.Data.GetProperty("transactionTime").GetInt64().ShouldBeGreaterThan(0);

        var again = await client.PostNodeAsync(Notify, NotifyBody(contractId, "n1", 4m));
        again.Data.ToString().ShouldBe(answer.Data.ToString());
        (await client.PostNodeAsync(Notify, NotifyBody(contractId, "n1", 3m))).Code.ShouldBe("400001");

        (await client.PostNodeAsync(Notify, NotifyBody(contractId + 1, "n2", 1m))).Code.ShouldBe("406207");
        (await client.PostNodeAsync(Notify, NotifyBody(contractId, "n3", 6m))).Code.ShouldBe("400102");
        (await client.PostNodeAsync(Notify, NotifyBody(contractId, "n4", 1m, "USDC"))).Code.ShouldBe("400102");
        (await client.PostNodeAsync(Notify, NotifyBody(contractId, "n5", 0m))).Code.ShouldBe("400102");
        (await client.PostAsync(DirectDebitPaths.Terminate, new { contractId })).Code.ShouldBe("000000");
        (await client.PostNodeAsync(Notify, NotifyBody(contractId, "n6", 1m))).Code.ShouldBe("406212");
    }

    private static JsonObject Body(long contractId, string merchantRequestId, decimal amount,
        string? currency = "USDT") => new()
        {
            ["merchantRequestId"] = merchantRequestId,
            ["tradeMode"] = "DIRECT_DEBIT",
            ["bizId"] = contractId,
            ["amount"] = amount,
            ["currency"] = currency,
            ["productName"] = "Monthly plan",
            ["productType"] = "Subscription",
            ["webhookUrl"] = "https://merchant.example/hook",
        };

    private static JsonObject NotifyBody(long contractId, string merchantRequestId, decimal amount,
        string currency = "USDT") => new()
        {
            ["merchantRequestId"] = merchantRequestId,
            ["tradeMode"] = "DIRECT_DEBIT",
            ["bizId"] = contractId.ToString(CultureInfo.InvariantCulture),
            ["estimatedAmount"] = amount,
            ["currency"] = currency,
        };

    /// <summary>A new direct-debit merchant with a one-off USDT contract (limit 5) signed by a new buyer holding
    /// <paramref name="usdt"/>.</summary>
    private async Task<(SignedHttp Client, long ContractId, long BuyerId)> SignedContractAsync(string usdt)
    {
        var client = await Server.NewDirectDebitMerchantAsync();
        var buyerId = await Server.CreateBuyerAsync("Payer", new() { ["USDT"] = usdt });
        var code = ContractBodies.NewCode();
        await client.CreateContractAsync(ContractBodies.OneOff(code));
        var signed = await client.SignAsync(code, buyerId);
        return (client, signed.GetProperty("contractId").GetInt64(), buyerId);
    }
}

public sealed class SqlitePayApplyTests(SqlitePaymentServer fixture)
    : PayApplyTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresPayApplyTests(PostgresPaymentServer fixture)
    : PayApplyTests(fixture), IClassFixture<PostgresPaymentServer>;
