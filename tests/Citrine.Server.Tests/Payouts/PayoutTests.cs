using System.Text.Json;
using Citrine.Server.Tests.Wallets;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using static Citrine.Server.Tests.Payouts.PayoutKit;

namespace Citrine.Server.Tests.Payouts;

/// <summary>Batch payouts over real HTTP (docs/api-reference.md#payouts): acceptance and its reserve, the processor
/// walking lines to SUCCESS/FAIL/AWAITING_RECEIPT and the batch to its final status, the PAYOUT and PAYOUT_NON_BN
/// webhooks verified as a merchant would, the query and its filter, replays, and the ledger audited after each.</summary>
public abstract class PayoutTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<(SignedHttp Client, LoopbackReceiver Receiver)> MerchantAsync(decimal funding = 100m)
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync("Payout Shop", receiver.Url));
        if (funding > 0)
        {
            await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", funding);
        }

        return (client, receiver);
    }

    private static JsonElement Data(ReceivedRequest webhook) => JsonDocument.Parse(
        JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetString()!).RootElement.Clone();

    private static JsonElement Envelope(ReceivedRequest webhook) => JsonDocument.Parse(webhook.Body).RootElement.Clone();

    [Fact]
    public async Task A_batch_pays_every_kind_of_receiver_and_sends_one_verified_PAYOUT_webhook()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        await WalletTests.FundAsync(client, "SPOT_WALLET", "USDT", 10);
        var merchantId = client.Merchant.MerchantId;
        var certificates = await WebhookKit.CertificatesAsync(client);
        var a = await BuyerAsync(Server, "A");
        var b = await BuyerAsync(Server, "B");
        var c = await BuyerAsync(Server, "C");
        var d = await BuyerAsync(Server, "D");
        var phone = Line("l4", "PHONE", d.MobileNumber, "4", "SPOT_WALLET");
        phone["registrationMobileCode"] = "+" + d.MobileCode;
        var body = Batch("pay-all-1", Line("l1", "BINANCE_ID", a.BinanceId, "1.5"), Line("l2", "PAY_ID", b.PayId, 2),
            Line("l3", "EMAIL", c.Email.ToUpperInvariant(), "3"), phone);

        var answer = await client.PostAsync(TransferPath, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetRawText().ShouldBe("""{"requestId":"pay-all-1","status":"ACCEPTED"}""");

        var final = await FinalAsync(client, "pay-all-1");
        final.GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        final.GetProperty("merchantId").GetInt64().ShouldBe(merchantId);
        final.GetProperty("totalAmount").GetRawText().ShouldBe("10.50000000");
        final.GetProperty("totalPaidAmount").GetRawText().ShouldBe("10.50000000");
        final.GetProperty("totalPayoutFee").GetRawText().ShouldBe("0E-8");
        final.GetProperty("totalNumber").GetInt32().ShouldBe(4);
        var lines = final.GetProperty("transferDetailList").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("merchantSendId").GetString()).ShouldBe(["l1", "l2", "l3", "l4"]);
        lines.Select(l => l.GetProperty("status").GetString()).ShouldAllBe(s => s == "SUCCESS");
        lines.Select(l => l.GetProperty("payeeId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe([a.PayId, b.PayId, c.PayId, d.PayId]);
        lines[0].GetProperty("amount").GetString().ShouldBe("1.5");
        lines[0].GetProperty("payerId").GetInt64().ShouldBe(merchantId);
        lines[0].GetProperty("receiveType").GetString().ShouldBe("BINANCE_ID");
        lines[0].GetProperty("remark").GetString().ShouldBe("r-l1");
        lines[3].GetProperty("transferMethod").GetString().ShouldBe("SPOT_WALLET");
        lines.Select(l => l.GetProperty("orderId").GetInt64()).Distinct().Count().ShouldBe(4);

        (await Server.BuyerBalancesAsync(a.BuyerId))["USDT"].ShouldBe("1.50000000");
        (await Server.BuyerBalancesAsync(d.BuyerId))["USDT"].ShouldBe("4.00000000");
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(9_350_000_000);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(600_000_000);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:funding:freeze", "USDT")).ShouldBe(0);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot:freeze", "USDT")).ShouldBe(0);

        var webhook = await receiver.NextAsync(Patience);
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var envelope = Envelope(webhook);
        envelope.GetProperty("bizType").GetString().ShouldBe("PAYOUT");
        envelope.GetProperty("bizStatus").GetString().ShouldBe("SUCCESS");
        var data = Data(webhook);
        data.GetProperty("requestId").GetString().ShouldBe("pay-all-1");
        data.GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        data.GetProperty("merchantId").GetInt64().ShouldBe(merchantId);
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.GetProperty("totalAmount").GetRawText().ShouldBe("10.50000000");
        data.GetProperty("totalNumber").GetInt32().ShouldBe(4);
        data.TryGetProperty("transferDetailList", out _).ShouldBeFalse();
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue("one webhook per batch");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_balance_shows_the_reserve_until_the_lines_are_paid()
    {
        // No buyer has this Pay ID, so the line fails; while it is PROCESSING the amount is frozen. The processor is
        // fast, so the reserve is checked in the ledger at acceptance through the journal it wrote.
        var (client, receiver) = await MerchantAsync(funding: 5);
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        (await client.PostAsync(TransferPath, Batch("reserve-1", Line("x", "PAY_ID", "999999999999", 2))))
            .Code.ShouldBe("000000");
        var kinds = await Server.QueryDbAsync(
            """
            SELECT j.kind, p.units FROM journals j JOIN postings p ON p.journal_id = j.journal_id
            WHERE p.account = @a ORDER BY j.journal_id
            """, r => $"{r.GetString(0)} {r.GetInt64(1)}", ("@a", $"merchant:{merchantId}:funding:freeze"));
        kinds[0].ShouldBe("PAYOUT_RESERVE 200000000");
        var final = await FinalAsync(client, "reserve-1");
        final.GetProperty("batchStatus").GetString().ShouldBe("FAILED");
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(500_000_000);
        var balance = await client.PostAsync(WalletTests.BalanceV2Path, new { wallet = "FUNDING_WALLET", currency = "USDT" });
        balance.Data.GetProperty("balance")[0].GetProperty("freeze").GetRawText().ShouldBe("0E-8");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Failing_lines_do_not_block_the_others_and_the_batch_is_PART_SUCCESS()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        var good = await BuyerAsync(Server, "Good");
        var frozen = await BuyerAsync(Server, "Frozen");
        var freeze = await client.PostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = frozen.BuyerId });
        freeze.Code.ShouldBe("000000", freeze.ToString());
        freeze.Data.GetBoolean().ShouldBeTrue();

        var nobodysPhone = Line("phone", "PHONE", "5550000000", 4);
        nobodysPhone["registrationMobileCode"] = "999";
        var answer = await client.PostAsync(TransferPath, Batch("part-1", Line("bad", "BINANCE_ID", "1", 1),
            Line("frozen", "BINANCE_ID", frozen.BinanceId, 2), Line("good", "BINANCE_ID", good.BinanceId, 3),
            nobodysPhone));
        answer.Code.ShouldBe("000000", answer.ToString());
        var final = await FinalAsync(client, "part-1");
        final.GetProperty("batchStatus").GetString().ShouldBe("PART_SUCCESS");
        LineStatuses(final).ShouldBe(new Dictionary<string, string>
        {
            ["bad"] = "FAIL",
            ["frozen"] = "FAIL",
            ["good"] = "SUCCESS",
            ["phone"] = "FAIL",
        });
        final.GetProperty("totalPaidAmount").GetRawText().ShouldBe("3.00000000");
        (await Server.BuyerBalancesAsync(frozen.BuyerId)).ShouldNotContainKey("USDT");
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(9_700_000_000);

        var failed = await client.PostAsync(QueryPath, new { requestId = "part-1", detailStatus = new[] { "FAIL" } });
        failed.Data.GetProperty("transferDetailList").GetArrayLength().ShouldBe(3);
        failed.Data.GetProperty("totalNumber").GetInt32().ShouldBe(4);
        var both = await client.PostAsync(QueryPath, new { requestId = "part-1", detailStatus = new[] { "SUCCESS", "FAIL" } });
        both.Data.GetProperty("transferDetailList").GetArrayLength().ShouldBe(4);
        var one = await client.PostAsync(QueryPath, new { requestId = "part-1", detailStatus = "SUCCESS" });
        one.Data.GetProperty("transferDetailList")[0].GetProperty("merchantSendId").GetString().ShouldBe("good");
        var all = await client.PostAsync(QueryPath, new { requestId = "part-1", detailStatus = new[] { "ALL" } });
        all.Data.GetProperty("transferDetailList").GetArrayLength().ShouldBe(4);

        var webhook = Envelope(await receiver.NextAsync(Patience));
        webhook.GetProperty("bizStatus").GetString().ShouldBe("PART_SUCCESS");

        // Unfrozen, the same buyer is paid again; a batch where every line fails is FAILED.
        (await client.PostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = frozen.BuyerId, frozen = false }))
            .Data.GetBoolean().ShouldBeFalse();
        (await client.PostAsync(TransferPath, Batch("part-2", Line("f", "BINANCE_ID", frozen.BinanceId, 1))))
            .Code.ShouldBe("000000");
        (await FinalAsync(client, "part-2")).GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        (await client.PostAsync(TransferPath, Batch("part-3", Line("n1", "PAY_ID", "12", 1), Line("n2", "PAY_ID", "13", 1))))
            .Code.ShouldBe("000000");
        (await FinalAsync(client, "part-3")).GetProperty("batchStatus").GetString().ShouldBe("FAILED");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_email_that_is_nobodys_awaits_receipt_and_is_received_or_refunded_by_the_merchant_clock()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        var certificates = await WebhookKit.CertificatesAsync(client);
        var invitee = await BuyerAsync(Server, "Invitee");
        var answer = await client.PostAsync(TransferPath, Batch("mail-1",
            Line("m1", "EMAIL", "new.person@example.com", 2), Line("m2", "EMAIL", "late.person@example.com", 3)));
        answer.Code.ShouldBe("000000", answer.ToString());

        var processed = await ProcessedAsync(client, "mail-1");
        processed.GetProperty("batchStatus").GetString().ShouldBe("PROCESSING");
        LineStatuses(processed).Values.ShouldAllBe(s => s == "AWAITING_RECEIPT");
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:funding:freeze", "USDT")).ShouldBe(500_000_000);

        var received = await client.PostAsync("/sandbox/payouts/receive",
            new { requestId = "mail-1", merchantSendId = "m1", buyerId = invitee.BuyerId });
        received.Code.ShouldBe("000000", received.ToString());
        received.Data.GetProperty("status").GetString().ShouldBe("SUCCESS");
        (await client.PostAsync("/sandbox/payouts/receive",
            new { requestId = "mail-1", merchantSendId = "m1", buyerId = invitee.BuyerId })).Code.ShouldBe("400001");
        (await client.PostAsync("/sandbox/payouts/receive",
            new { requestId = "mail-1", merchantSendId = "nope", buyerId = invitee.BuyerId })).Code.ShouldBe("400202");
        (await Server.BuyerBalancesAsync(invitee.BuyerId))["USDT"].ShouldBe("2.00000000");

        var first = await receiver.NextAsync(Patience);
        ReferenceWebhookVerifier.Verifies(first, certificates).ShouldBeTrue(first.BodyText);
        Envelope(first).GetProperty("bizType").GetString().ShouldBe("PAYOUT_NON_BN");
        Envelope(first).GetProperty("bizStatus").GetString().ShouldBe("SUCCESS");
        var data = Data(first);
        data.GetProperty("merchantSendId").GetString().ShouldBe("m1");
        data.GetProperty("status").GetString().ShouldBe("SUCCESS");
        data.GetProperty("amount").GetString().ShouldBe("2");
        data.GetProperty("receiveType").GetString().ShouldBe("EMAIL");
        data.GetProperty("receiver").GetString().ShouldBe("new.person@example.com");
        data.GetProperty("orderId").ValueKind.ShouldBe(JsonValueKind.String);
        data.GetProperty("batchId").ValueKind.ShouldBe(JsonValueKind.String);

        // Still inside the window: nothing else happens. Past it (the merchant's clock), the other line is refunded.
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = 71L * 3600 * 1000 })).Code.ShouldBe("000000");
        (await receiver.StaysQuietAsync(TimeSpan.FromMilliseconds(600))).ShouldBeTrue();
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = 3600 * 1000 + 1000 })).Code.ShouldBe("000000");
        var refunded = await receiver.NextAsync(Patience);
        Envelope(refunded).GetProperty("bizStatus").GetString().ShouldBe("REFUNDED");
        Data(refunded).GetProperty("merchantSendId").GetString().ShouldBe("m2");
        var batch = await receiver.NextAsync(Patience);
        Envelope(batch).GetProperty("bizType").GetString().ShouldBe("PAYOUT");
        Envelope(batch).GetProperty("bizStatus").GetString().ShouldBe("PART_SUCCESS");

        var final = await FinalAsync(client, "mail-1");
        LineStatuses(final).ShouldBe(new Dictionary<string, string> { ["m1"] = "SUCCESS", ["m2"] = "REFUNDED" });
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:funding:freeze", "USDT")).ShouldBe(0);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(9_800_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_replay_answers_REPEAT_REQ_SUCCESS_another_body_is_refused_and_a_foreign_requestId_is_unknown()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        var body = Batch("replay-1", Line("a", "PAY_ID", "7", "1.5"));
        var first = await client.PostAsync(TransferPath, body);
        first.Code.ShouldBe("000000", first.ToString());
        await FinalAsync(client, "replay-1");

        // The same batch with the amounts as strings with more zeros: the same batch.
        var same = Batch("replay-1", Line("a", "PAY_ID", "7", "1.50"));
        same["totalAmount"] = "1.500";
        var replay = await client.PostAsync(TransferPath, same);
        replay.Code.ShouldBe("000001", replay.ToString());
        replay.Status.ShouldBe("REPEAT_REQ_SUCCESS");
        replay.ErrorMessage.ShouldBe("");
        replay.Data.GetRawText().ShouldBe(first.Data.GetRawText());

        var other = await client.PostAsync(TransferPath, Batch("replay-1", Line("a", "PAY_ID", "7", 2)));
        other.Code.ShouldBe("400001", other.ToString());
        other.ErrorMessage!.ShouldContain("requestId");
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM payout_batches WHERE merchant_id = @m",
            ("@m", merchantId))).ShouldBe(1);

        var stranger = Server.Signed(await Server.CreateMerchantAsync());
        var unknown = await stranger.PostAsync(QueryPath, new { requestId = "replay-1" });
        unknown.Code.ShouldBe("400202", unknown.ToString());
        unknown.ErrorMessage!.ShouldContain("requestId");
        (await stranger.PostAsync("/sandbox/payouts/receive",
            new { requestId = "replay-1", merchantSendId = "a", buyerId = 1 })).Code.ShouldBe("400202");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Insufficient_balance_is_400304_and_leaves_the_requestId_free()
    {
        var (client, receiver) = await MerchantAsync(funding: 5);
        await using var listening = receiver;
        var merchantId = client.Merchant.MerchantId;
        var refused = await client.PostAsync(TransferPath,
            Batch("short-1", Line("a", "PAY_ID", "7", 3), Line("b", "PAY_ID", "8", "2.00000001")));
        refused.Code.ShouldBe("400304", refused.ToString());
        refused.ErrorMessage!.ShouldContain("USDT");
        (await client.PostAsync(TransferPath, Batch("short-2", Line("a", "PAY_ID", "7", 1, "SPOT_WALLET"))))
            .Code.ShouldBe("400304");
        (await client.PostAsync(QueryPath, new { requestId = "short-1" })).Code.ShouldBe("400202");
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(500_000_000);

        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 1);
        (await client.PostAsync(TransferPath,
            Batch("short-1", Line("a", "PAY_ID", "7", 3), Line("b", "PAY_ID", "8", "2.00000001")))).Code.ShouldBe("000000");
        await FinalAsync(client, "short-1");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_sandbox_verbs_refuse_buyers_the_merchant_may_not_use()
    {
        var (client, receiver) = await MerchantAsync(funding: 0);
        await using var listening = receiver;
        (await client.PostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = 1 })).Code.ShouldBe("409002");
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var owned = await other.PostAsync("/sandbox/buyers", new { name = "Owned" });
        owned.Code.ShouldBe("000000", owned.ToString());
        var ownedId = owned.Data.GetProperty("buyerId").GetInt64();
        (await client.PostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = ownedId })).Code.ShouldBe("409002");
        (await other.PostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = ownedId })).Code.ShouldBe("000000");
        (await Server.AdminPostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = ownedId, frozen = false }))
            .Code.ShouldBe("000000");
    }

    [Fact]
    public async Task The_old_revisions_merchantId_and_a_subMerchantId_are_accepted_and_ignored()
    {
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var body = Batch("old-rev-1", Line("a", "PAY_ID", "7", 1));
        body["merchantId"] = 100100006288;
        body["subMerchantId"] = "2107268400000001";
        body.Remove("bizScene");
        (await client.PostAsync(TransferPath, body)).Code.ShouldBe("000000");
        await FinalAsync(client, "old-rev-1");
    }

    public static TheoryData<string, string> FieldCases()
    {
        var data = new TheoryData<string, string>();
        void Add(string code, Action<Dictionary<string, object?>> change)
        {
            var body = Batch("f-1", Line("a", "PAY_ID", "7", 1), Line("b", "EMAIL", "x@example.com", 2));
            change(body);
            data.Add(JsonSerializer.Serialize(body), code);
        }

        Dictionary<string, object?> LineOf(Dictionary<string, object?> body, int i) =>
            ((Dictionary<string, object?>[])body["transferDetailList"]!)[i];

        Add("400100", b => b.Remove("requestId"));
        Add("400101", b => b["requestId"] = new string('r', 33));
        Add("400100", b => b.Remove("batchName"));
        Add("400101", b => b["batchName"] = new string('n', 33));
        Add("400100", b => b.Remove("currency"));
        Add("400102", b => b["currency"] = "usdt");
        Add("400100", b => b.Remove("totalAmount"));
        Add("400102", b => b["totalAmount"] = 0);
        Add("400101", b => b["totalAmount"] = "3.000000001");
        Add("400100", b => b.Remove("totalNumber"));
        Add("400102", b => b["totalNumber"] = 0);
        Add("400102", b => b["totalNumber"] = 501);
        Add("400102", b => b["bizScene"] = "PAYROLL");
        Add("400100", b => b.Remove("transferDetailList"));
        Add("400100", b => b["transferDetailList"] = Array.Empty<object>());
        Add("400100", b => b["transferDetailList"] = new[] { 1 });
        Add("400102", b => b["totalNumber"] = 3);
        Add("400102", b => b["totalAmount"] = "3.00000001");
        Add("400102", b => LineOf(b, 1)["merchantSendId"] = "a");
        Add("400102", b => b["webhookUrl"] = "ftp://example.com/hook");
        Add("400101", b => b["webhookUrl"] = "https://example.com/" + new string('w', 250));
        Add("400100", b => LineOf(b, 0).Remove("merchantSendId"));
        Add("400101", b => LineOf(b, 0)["merchantSendId"] = new string('s', 33));
        Add("400100", b => LineOf(b, 0).Remove("receiveType"));
        Add("400102", b => LineOf(b, 0)["receiveType"] = "OPEN_ID");
        Add("400100", b => LineOf(b, 0).Remove("receiver"));
        Add("400101", b => LineOf(b, 0)["receiver"] = new string('1', 129));
        Add("400102", b => LineOf(b, 0)["receiver"] = "abc");
        Add("400102", b => LineOf(b, 0)["receiver"] = "12345678901234567890");
        Add("400102", b => LineOf(b, 1)["receiver"] = "not-an-address");
        Add("400102", b => LineOf(b, 1)["receiver"] = "a@b@c");
        Add("400100", b => LineOf(b, 0)["receiveType"] = "PHONE");
        Add("400100", b => LineOf(b, 0).Remove("transferAmount"));
        Add("400102", b => LineOf(b, 0)["transferAmount"] = -1);
        Add("400101", b => LineOf(b, 0)["transferAmount"] = "0.000000001");
        Add("400100", b => LineOf(b, 0).Remove("transferMethod"));
        Add("400102", b => LineOf(b, 0)["transferMethod"] = "MAIN_WALLET");
        Add("400101", b => LineOf(b, 0)["remark"] = new string('m', 129));
        return data;
    }

    [Theory]
    [MemberData(nameof(FieldCases))]
    public async Task Field_rules_answer_their_codes_and_write_nothing(string body, string code)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        await WalletTests.FundAsync(client, "FUNDING_WALLET", "USDT", 10);
        var answer = await client.PostRawAsync(TransferPath, body);
        answer.Code.ShouldBe(code, answer.ToString());
        answer.Status.ShouldBe("FAIL");
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM payout_batches WHERE merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(0);
    }

    [Fact]
    public async Task A_sandbox_reset_keeps_payouts_and_their_webhook_and_the_ledger_stays_sound()
    {
        // Reset deletes orders and their events but keeps money out, like the balances it moved
        // (docs/sandbox.md#reset): a settled batch keeps its one PAYOUT event (the auditor demands it), and a batch
        // accepted just before the reset still settles afterwards and announces itself once.
        var (client, receiver) = await MerchantAsync();
        await using var listening = receiver;
        var buyer = await BuyerAsync(Server, "Kept");
        (await client.PostAsync(TransferPath, Batch("reset-1", Line("k1", "PAY_ID", buyer.PayId, "1.25"))))
            .Code.ShouldBe("000000");
        (await FinalAsync(client, "reset-1")).GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        Envelope(await receiver.NextAsync(Patience)).GetProperty("bizType").GetString().ShouldBe("PAYOUT");
        (await client.PostAsync(TransferPath, Batch("reset-2", Line("k2", "PAY_ID", buyer.PayId, "2"))))
            .Code.ShouldBe("000000");

        var reset = await client.PostAsync("/sandbox/reset", new { });
        reset.Code.ShouldBe("000000", reset.ToString());

        (await FinalAsync(client, "reset-1")).GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        (await FinalAsync(client, "reset-2")).GetProperty("batchStatus").GetString().ShouldBe("SUCCESS");
        Envelope(await receiver.NextAsync(Patience)).GetProperty("bizType").GetString().ShouldBe("PAYOUT");
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND biz_type = 'PAYOUT'",
            ("@m", client.Merchant.MerchantId))).ShouldBe(2);
        (await Server.BuyerBalancesAsync(buyer.BuyerId))["USDT"].ShouldBe("3.25000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    public static TheoryData<object, string> QueryCases => new()
    {
        { new { }, "400100" },
        { new { requestId = new string('r', 33) }, "400101" },
        { new { requestId = "q", detailStatus = new[] { "DONE" } }, "400102" },
        { new { requestId = "q", detailStatus = new[] { 1 } }, "400100" },
        { new { requestId = "q", detailStatus = 1 }, "400100" },
        { new { requestId = "q" }, "400202" },
    };

    [Theory]
    [MemberData(nameof(QueryCases))]
    public async Task Query_field_rules_answer_their_codes(object body, string code)
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        var answer = await client.PostAsync(QueryPath, body);
        answer.Code.ShouldBe(code, answer.ToString());
    }
}

public sealed class SqlitePayoutTests(SqliteWebhookServer fixture) : PayoutTests(fixture), IClassFixture<SqliteWebhookServer>;

public sealed class PostgresPayoutTests(PostgresWebhookServer fixture)
    : PayoutTests(fixture), IClassFixture<PostgresWebhookServer>;
