using System.Data.Common;
using System.Globalization;
using Citrine.Server.Tests.Otc;
using Citrine.Testing;
using static Citrine.Server.Tests.ProfitSharing.SplitKit;

namespace Citrine.Server.Tests.ProfitSharing;

/// <summary>Profit sharing over real HTTP (docs/api-reference.md#profit-sharing): the receiver registry, splits of
/// PAID tagged orders paid by the processor, the net-amount bound under concurrency, returns, refunds of a split order,
/// replays, sandbox reset, and the ledger audited after each.</summary>
public abstract class SplitTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> MerchantAsync() => Server.Signed(await Server.CreateMerchantAsync("Split Shop"));

    [Fact]
    public async Task Receivers_are_added_paged_and_deleted_per_merchant()
    {
        var client = await MerchantAsync();
        var accounts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            accounts.Add((await RegisteredAsync(Server, client, $"R{i}")).Account);
        }

        (await client.PostAsync(AddReceiverPath, new { account = accounts[0] })).Code.ShouldBe("000000");
        var first = await client.PostAsync(QueryReceiverPath, new { pageNum = 1, pageSize = 2 });
        first.Code.ShouldBe("000000", first.ToString());
        first.Data.GetProperty("accountList").EnumerateArray().Select(a => a.GetString()).ShouldBe(accounts[..2]);
        first.Data.GetProperty("totalPageNum").GetInt32().ShouldBe(2);
        first.Data.GetProperty("totalRecordNum").GetInt64().ShouldBe(3);
        first.Data.GetProperty("currentPageNum").GetInt32().ShouldBe(1);
        first.Data.GetProperty("currentPageSize").GetInt32().ShouldBe(2);
        var second = await client.PostAsync(QueryReceiverPath, new { pageNum = 2, pageSize = 2 });
        second.Data.GetProperty("accountList").EnumerateArray().Select(a => a.GetString()).ShouldBe([accounts[2]]);

        var deleted = await client.PostAsync(DeleteReceiverPath, new { account = accounts[1] });
        deleted.Code.ShouldBe("000000", deleted.ToString());
        deleted.Data.GetRawText().ShouldBe($$"""{"account":"{{accounts[1]}}"}""");
        (await client.PostAsync(DeleteReceiverPath, new { account = accounts[1] })).Code.ShouldBe("400102");

        // Another merchant sees none of them and cannot delete them.
        var other = await MerchantAsync();
        var empty = await other.PostAsync(QueryReceiverPath, new { pageNum = 1, pageSize = 10 });
        empty.Data.GetProperty("accountList").GetArrayLength().ShouldBe(0);
        empty.Data.GetProperty("totalRecordNum").GetInt64().ShouldBe(0);
        (await other.PostAsync(DeleteReceiverPath, new { account = accounts[0] })).Code.ShouldBe("400102");
        (await client.PostAsync(QueryReceiverPath, new { pageNum = 1, pageSize = 10 })).Data
            .GetProperty("totalRecordNum").GetInt64().ShouldBe(2);
    }

    public static TheoryData<object, string> ReceiverCases => new()
    {
        { new { account = "99999999999" }, "400102" },
        { new { account = "not-a-number" }, "400102" },
        { new { }, "400100" },
        { new { account = new string('1', 33) }, "400101" },
    };

    [Theory]
    [MemberData(nameof(ReceiverCases))]
    public async Task Add_receiver_field_rules_answer_their_codes(object body, string code)
    {
        var answer = await (await MerchantAsync()).PostAsync(AddReceiverPath, body);
        answer.Code.ShouldBe(code, answer.ToString());
    }

    public static TheoryData<object, string> PageCases => new()
    {
        { new { pageNum = 0, pageSize = 10 }, "400102" },
        { new { pageNum = 1, pageSize = 0 }, "400102" },
        { new { pageNum = 1, pageSize = 101 }, "400102" },
        { new { pageNum = 1 }, "400100" },
        { new { pageSize = 1 }, "400100" },
    };

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Query_receiver_field_rules_answer_their_codes(object body, string code)
    {
        var answer = await (await MerchantAsync()).PostAsync(QueryReceiverPath, body);
        answer.Code.ShouldBe(code, answer.ToString());
    }

    [Fact]
    public async Task A_split_pays_its_receivers_from_the_funding_wallet_and_a_replay_answers_the_stored_split()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client, "A");
        var b = await RegisteredAsync(Server, client, "B");
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        var fundingBefore = await FundingUnitsAsync(Server, client);
        fundingBefore.ShouldBe(990_000_000); // 10 USDT less the 1% commission

        var body = Split("split-1", prepayId, Line(a.Account, 3), Line(b.Account, "2.5", "Fee, shop/2."));
        var answer = await client.PostAsync(SubmitPath, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        var splitOrderNo = answer.Data.GetProperty("splitOrderNo").GetString()!;
        splitOrderNo.Length.ShouldBe(18);
        answer.Data.GetProperty("merchantRequestId").GetString().ShouldBe("split-1");
        answer.Data.GetProperty("prepayOrderId").GetString().ShouldBe(Id(prepayId));
        answer.Data.GetProperty("status").GetInt32().ShouldBe(0);
        var submitted = answer.Data.GetProperty("receiverOrderDetails").EnumerateArray().ToList();
        submitted.Select(l => l.GetProperty("status").GetInt32()).ShouldAllBe(s => s == 1);
        submitted.Select(l => l.GetProperty("detailId").GetString()!.Length).ShouldAllBe(n => n == 18);

        var final = await FinishedAsync(client, "split-1", prepayId);
        final.GetProperty("splitOrderNo").GetString().ShouldBe(splitOrderNo);
        var lines = final.GetProperty("receiverOrderDetails").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("account").GetString()).ShouldBe([a.Account, b.Account]);
        lines.Select(l => l.GetProperty("status").GetInt32()).ShouldBe([2, 2]);
        lines[0].GetProperty("amount").GetRawText().ShouldBe("3.00000000");
        lines[1].GetProperty("amount").GetRawText().ShouldBe("2.50000000");
        lines[0].GetProperty("failReason").GetString().ShouldBe("");
        lines[0].GetProperty("finishTime").GetInt64().ShouldBeInRange(
            DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600);

        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(300_000_000);
        (await BuyerUnitsAsync(Server, b.BuyerId)).ShouldBe(250_000_000);
        (await FundingUnitsAsync(Server, client)).ShouldBe(fundingBefore - 550_000_000);
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}:funding:freeze", "USDT")).ShouldBe(0);

        var replay = await client.PostAsync(SubmitPath, body);
        replay.Code.ShouldBe("000001", replay.ToString());
        replay.Status.ShouldBe("REPEAT_REQ_SUCCESS");
        replay.Data.GetProperty("splitOrderNo").GetString().ShouldBe(splitOrderNo);
        replay.Data.GetProperty("status").GetInt32().ShouldBe(2);
        var other = await client.PostAsync(SubmitPath, Split("split-1", prepayId, Line(a.Account, 1)));
        other.Code.ShouldBe("400001", other.ToString());
        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(300_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_lines_finishTime_is_on_the_merchants_sandbox_clock()
    {
        var client = await MerchantAsync();
        var advance = TimeSpan.FromDays(3);
        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = (long)advance.TotalMilliseconds })).Code
            .ShouldBe("000000");
        var receiver = await RegisteredAsync(Server, client, "Clock");
        var prepayId = await PaidOrderAsync(Server, client, 5m);
        var before = DateTimeOffset.UtcNow + advance;

        (await client.PostAsync(SubmitPath, Split("clock-1", prepayId, Line(receiver.Account, 1)))).Code
            .ShouldBe("000000");
        var line = (await FinishedAsync(client, "clock-1", prepayId)).GetProperty("receiverOrderDetails")[0];

        line.GetProperty("finishTime").GetInt64().ShouldBeInRange(before.ToUnixTimeSeconds() - 5,
            (DateTimeOffset.UtcNow + advance).ToUnixTimeSeconds() + 5);
    }

    [Fact]
    public async Task Only_a_PAID_order_created_with_the_tag_and_owned_by_the_merchant_can_be_split()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var untagged = await PaidOrderAsync(Server, client, 10m, tagged: false);
        var tagged = Orders.V2(amount: 10m);
        tagged["orderTags"] = new Dictionary<string, object?> { ["ifProfitSharing"] = true };
        var unpaid = await client.CreateOrderAsync(tagged);
        var other = Server.Signed(await Server.CreateMerchantAsync());
        var foreign = await PaidOrderAsync(Server, other, 10m);

        foreach (var (prepayId, why) in new[] { (untagged, "untagged"), (unpaid, "unpaid"), (foreign, "foreign"),
                     (123456789L, "unknown") })
        {
            var answer = await client.PostAsync(SubmitPath, Split("s-" + why, prepayId, Line(a.Account, 1)));
            answer.Code.ShouldBe("400209", $"{why}: {answer}");
        }

        // A refunding order is no longer PAID.
        var refunding = await PaidOrderAsync(Server, client, 10m);
        var refund = await client.PostAsync("/binancepay/openapi/order/refund", new
        {
            refundRequestId = "r-" + Guid.NewGuid().ToString("N"),
            prepayId = Id(refunding),
            refundAmount = 1,
        });
        refund.Code.ShouldBe("000000", refund.ToString());
        (await client.PostAsync(SubmitPath, Split("s-refunding", refunding, Line(a.Account, 1)))).Code
            .ShouldBe("400209");
        (await other.PostAsync(QueryPath, new { merchantRequestId = "s-untagged", prepayOrderId = Id(untagged) }))
            .Code.ShouldBe("400202");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_splits_of_an_order_never_exceed_its_net_amount()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var prepayId = await PaidOrderAsync(Server, client, 10m);

        var over = await client.PostAsync(SubmitPath, Split("over", prepayId, Line(a.Account, "9.90000001")));
        over.Code.ShouldBe("400102", over.ToString());
        over.ErrorMessage!.ShouldContain("9.9");
        (await client.PostAsync(SubmitPath, Split("all", prepayId, Line(a.Account, "9.9")))).Code.ShouldBe("000000");
        (await client.PostAsync(SubmitPath, Split("more", prepayId, Line(a.Account, "0.00000001")))).Code
            .ShouldBe("400102");
        await FinishedAsync(client, "all", prepayId);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Hundred_concurrent_splits_of_one_order_never_pass_its_net_amount()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var prepayId = await PaidOrderAsync(Server, client, 10m);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.PostAsync(SubmitPath, Split($"c-{i}", prepayId, Line(a.Account, "0.1")))));
        answers.Select(r => r.Code).ShouldAllBe(c => c == "000000" || c == "400102");
        answers.Count(r => r.Code == "000000").ShouldBe(99); // 9.9 net in steps of 0.1

        for (var i = 0; i < 100; i++)
        {
            if (answers[i].Code == "000000")
            {
                await FinishedAsync(client, $"c-{i}", prepayId);
            }
        }

        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(990_000_000);
        (await FundingUnitsAsync(Server, client)).ShouldBe(0);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_line_to_a_frozen_receiver_fails_and_gives_its_amount_back_to_wallet_and_order()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client, "A");
        var b = await RegisteredAsync(Server, client, "B");
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        var frozen = await client.PostAsync("/sandbox/payouts/freeze-receiver", new { buyerId = b.BuyerId, frozen = true });
        frozen.Code.ShouldBe("000000", frozen.ToString());

        (await client.PostAsync(SubmitPath, Split("f-1", prepayId, Line(a.Account, 4), Line(b.Account, "5.9"))))
            .Code.ShouldBe("000000");
        var final = await FinishedAsync(client, "f-1", prepayId);
        var lines = final.GetProperty("receiverOrderDetails").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("status").GetInt32()).ShouldBe([2, 3]);
        lines[1].GetProperty("failReason").GetString().ShouldBe("RECEIVER_FROZEN");
        (await BuyerUnitsAsync(Server, b.BuyerId)).ShouldBe(0);
        (await FundingUnitsAsync(Server, client)).ShouldBe(590_000_000);

        // The failed 5.9 can be split again.
        (await client.PostAsync(SubmitPath, Split("f-2", prepayId, Line(a.Account, "5.9")))).Code.ShouldBe("000000");
        await FinishedAsync(client, "f-2", prepayId);
        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(990_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_merchant_that_accepts_splits_receives_them_in_its_funding_wallet_and_returns_come_out_of_it()
    {
        var client = await MerchantAsync();
        var seller = await Server.CreateMerchantAsync("Split Seller");
        var account = Id(seller.MerchantId);
        var sellerFunding = $"merchant:{seller.MerchantId}";

        // Receiving money changes another tenant's wallet: only a merchant the operator lets receive splits.
        (await client.PostAsync(AddReceiverPath, new { account })).Code.ShouldBe("400102");
        (await Server.AdminPostAsync($"/admin/merchants/{seller.MerchantId}", new { acceptsSplits = true })).Data
            .GetProperty("acceptsSplits").GetBoolean().ShouldBeTrue();
        (await client.PostAsync(AddReceiverPath, new { account })).Code.ShouldBe("000000");
        (await client.PostAsync(AddReceiverPath, new { account = Id(client.Merchant.MerchantId) })).Code
            .ShouldBe("400102"); // never itself
        (await Server.AdminPostAsync($"/admin/merchants/{client.Merchant.MerchantId}", new { acceptsSplits = true }))
            .Code.ShouldBe("000000");
        (await client.PostAsync(AddReceiverPath, new { account = Id(client.Merchant.MerchantId) })).Code
            .ShouldBe("400102"); // not even when it accepts splits from others

        var prepayId = await PaidOrderAsync(Server, client, 10m);
        (await client.PostAsync(SubmitPath, Split("m-1", prepayId, Line(account, 4)))).Code.ShouldBe("000000");
        var line = (await FinishedAsync(client, "m-1", prepayId)).GetProperty("receiverOrderDetails")[0];
        line.GetProperty("status").GetInt32().ShouldBe(2);
        line.GetProperty("account").GetString().ShouldBe(account);
        (await Server.BalanceUnitsAsync(sellerFunding, "USDT")).ShouldBe(400_000_000);

        var back = await client.PostAsync(ReturnPath, new
        {
            prepayOrderId = Id(prepayId),
            originMerchantRequestId = "m-1",
            merchantReturnNo = "m-back-1",
            transferOutAccount = account,
            returnAmount = "1.5",
        });
        back.Code.ShouldBe("000000", back.ToString());
        back.Data.GetProperty("status").GetInt32().ShouldBe(2);
        (await Server.BalanceUnitsAsync(sellerFunding, "USDT")).ShouldBe(250_000_000);

        // A seller that stopped accepting splits is no longer paid: the line fails and its amount comes back.
        var funding = await FundingUnitsAsync(Server, client);
        (await Server.AdminPostAsync($"/admin/merchants/{seller.MerchantId}", new { acceptsSplits = false })).Code
            .ShouldBe("000000");
        (await client.PostAsync(SubmitPath, Split("m-2", prepayId, Line(account, 1)))).Code.ShouldBe("000000");
        var failed = (await FinishedAsync(client, "m-2", prepayId)).GetProperty("receiverOrderDetails")[0];
        failed.GetProperty("status").GetInt32().ShouldBe(3);
        failed.GetProperty("failReason").GetString().ShouldBe("RECEIVER_NOT_REGISTERED");
        (await FundingUnitsAsync(Server, client)).ShouldBe(funding);
        (await Server.BalanceUnitsAsync(sellerFunding, "USDT")).ShouldBe(250_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();

        // The auditor holds each paid line to the payee its journal credited, and the database to one payee.
        var detailId = long.Parse(line.GetProperty("detailId").GetString()!, CultureInfo.InvariantCulture);
        await PayeeAsync(detailId, "payee_merchant_id = payee_merchant_id + 1");
        (await Server.AuditAsync()).ShouldContain(f => f.Contains("paid split line without exactly one payee"));
        await PayeeAsync(detailId, "payee_merchant_id = payee_merchant_id - 1");
        await Should.ThrowAsync<DbException>(() => PayeeAsync(detailId, "payee_buyer_id = 1"));
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    private Task<int> PayeeAsync(long detailId, string assignment) => Server.Database.WriteAsync(async (c, ct) =>
    {
        await using var command = c.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"UPDATE split_lines SET {assignment} WHERE detail_id = {detailId}");
        return await command.ExecuteNonQueryAsync(ct);
    }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_return_takes_back_what_a_receiver_holds_of_a_split_and_replays_by_merchantReturnNo()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client, "A");
        var b = await RegisteredAsync(Server, client, "B");
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        var split = await client.PostAsync(SubmitPath, Split("ret-1", prepayId, Line(a.Account, 3), Line(b.Account, 1)));
        var splitOrderNo = split.Data.GetProperty("splitOrderNo").GetString()!;
        await FinishedAsync(client, "ret-1", prepayId);
        var funding = await FundingUnitsAsync(Server, client);

        var body = new Dictionary<string, object?>
        {
            ["prepayOrderId"] = Id(prepayId),
            ["splitOrderNo"] = splitOrderNo,
            ["merchantReturnNo"] = "back-1",
            ["transferOutAccount"] = a.Account,
            ["returnAmount"] = "1.25",
            ["description"] = "Returned goods",
        };
        var answer = await client.PostAsync(ReturnPath, body);
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("status").GetInt32().ShouldBe(2);
        answer.Data.GetProperty("returnAmount").GetRawText().ShouldBe("1.25000000");
        answer.Data.GetProperty("splitOrderNo").GetString().ShouldBe(splitOrderNo);
        answer.Data.GetProperty("originMerchantRequestId").GetString().ShouldBe("ret-1");
        answer.Data.GetProperty("transferOutAccount").GetString().ShouldBe(a.Account);
        answer.Data.GetProperty("returnOrderNo").GetString()!.Length.ShouldBe(18);
        answer.Data.GetProperty("finishTime").GetInt64().ShouldBeGreaterThan(0);
        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(175_000_000);
        (await FundingUnitsAsync(Server, client)).ShouldBe(funding + 125_000_000);

        var replay = await client.PostAsync(ReturnPath, body);
        replay.Code.ShouldBe("000001", replay.ToString());
        replay.Data.GetProperty("returnOrderNo").GetString().ShouldBe(answer.Data.GetProperty("returnOrderNo").GetString());
        body["returnAmount"] = "1";
        (await client.PostAsync(ReturnPath, body)).Code.ShouldBe("400001");
        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(175_000_000);

        // By the split's merchantRequestId; never more than the receiver still holds of the split.
        var byRequest = new Dictionary<string, object?>
        {
            ["prepayOrderId"] = Id(prepayId),
            ["originMerchantRequestId"] = "ret-1",
            ["merchantReturnNo"] = "back-2",
            ["transferOutAccount"] = a.Account,
            ["returnAmount"] = "1.75000001",
        };
        (await client.PostAsync(ReturnPath, byRequest)).Code.ShouldBe("400102");
        byRequest["returnAmount"] = "1.75";
        (await client.PostAsync(ReturnPath, byRequest)).Code.ShouldBe("000000");
        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(0);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_receiver_who_spent_the_split_gets_a_FAIL_return_and_nothing_moves()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client, "A");
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        (await client.PostAsync(SubmitPath, Split("spent", prepayId, Line(a.Account, 3)))).Code.ShouldBe("000000");
        await FinishedAsync(client, "spent", prepayId);
        var shop = Server.Signed(await Server.CreateMerchantAsync());
        var elsewhere = await shop.CreateOrderAsync(Orders.V2(amount: 2.5m));
        (await shop.SandboxPayAsync(elsewhere, a.BuyerId)).Code.ShouldBe("000000");
        var funding = await FundingUnitsAsync(Server, client);

        var answer = await client.PostAsync(ReturnPath, new
        {
            prepayOrderId = Id(prepayId),
            originMerchantRequestId = "spent",
            merchantReturnNo = "spent-back",
            transferOutAccount = a.Account,
            returnAmount = 1,
        });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("status").GetInt32().ShouldBe(3);
        answer.Data.GetProperty("failReason").GetString().ShouldBe("RECEIVER_BALANCE_INSUFFICIENT");
        (await BuyerUnitsAsync(Server, a.BuyerId)).ShouldBe(50_000_000);
        (await FundingUnitsAsync(Server, client)).ShouldBe(funding);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    public static TheoryData<string, string> ReturnCases => new()
    {
        { """{"prepayOrderId":"P","merchantReturnNo":"x","transferOutAccount":"A","returnAmount":1}""", "400100" },
        { """{"prepayOrderId":"P","splitOrderNo":"1","merchantReturnNo":"x","transferOutAccount":"A","returnAmount":1}""", "400202" },
        { """{"prepayOrderId":"P","originMerchantRequestId":"S","merchantReturnNo":"x","transferOutAccount":"1","returnAmount":1}""", "400102" },
        { """{"prepayOrderId":"P","originMerchantRequestId":"S","merchantReturnNo":"x","transferOutAccount":"A","returnAmount":0}""", "400102" },
        { """{"prepayOrderId":"P","originMerchantRequestId":"S","transferOutAccount":"A","returnAmount":1}""", "400100" },
        { """{"prepayOrderId":"P","originMerchantRequestId":"S","merchantReturnNo":"x","transferOutAccount":"A","returnAmount":1,"description":"no!"}""", "400103" },
    };

    [Theory]
    [MemberData(nameof(ReturnCases))]
    public async Task Return_field_rules_answer_their_codes(string template, string code)
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        (await client.PostAsync(SubmitPath, Split("S", prepayId, Line(a.Account, 1)))).Code.ShouldBe("000000");
        await FinishedAsync(client, "S", prepayId);
        var body = template.Replace("\"P\"", $"\"{Id(prepayId)}\"", StringComparison.Ordinal)
            .Replace("\"A\"", $"\"{a.Account}\"", StringComparison.Ordinal);
        var answer = await client.PostRawAsync(ReturnPath, body);
        answer.Code.ShouldBe(code, answer.ToString());
    }

    public static TheoryData<string, string> SubmitCases => new()
    {
        { """{"prepayOrderId":"P","receiverList":[{"account":"A","amount":1,"description":"d"}]}""", "400100" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[]}""", "400100" },
        { """{"merchantRequestId":"x","prepayOrderId":"P"}""", "400100" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[{"account":"A","amount":0,"description":"d"}]}""", "400102" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[{"account":"A","amount":1,"description":"a#b"}]}""", "400103" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[{"account":"A","amount":1}]}""", "400100" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[{"account":"A","amount":1,"description":"d"},{"account":"A","amount":1,"description":"d"}]}""", "400102" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[{"account":"1","amount":1,"description":"d"}]}""", "400102" },
        { """{"merchantRequestId":"x","prepayOrderId":"P","receiverList":[{"account":"A","amount":1,"description":"d","webhookUrl":"ftp://x"}]}""", "400102" },
        { """{"merchantRequestId":"012345678901234567890123456789012","prepayOrderId":"P","receiverList":[{"account":"A","amount":1,"description":"d"}]}""", "400101" },
    };

    [Theory]
    [MemberData(nameof(SubmitCases))]
    public async Task Submit_field_rules_answer_their_codes(string template, string code)
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        var body = template.Replace("\"P\"", $"\"{Id(prepayId)}\"", StringComparison.Ordinal)
            .Replace("\"A\"", $"\"{a.Account}\"", StringComparison.Ordinal);
        var answer = await client.PostRawAsync(SubmitPath, body);
        answer.Code.ShouldBe(code, answer.ToString());
        (await FundingUnitsAsync(Server, client)).ShouldBe(990_000_000);
    }

    [Fact]
    public async Task A_refund_of_a_split_order_leaves_what_is_split_until_it_is_returned()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        (await client.PostAsync(SubmitPath, Split("half", prepayId, Line(a.Account, "4.95")))).Code.ShouldBe("000000");
        await FinishedAsync(client, "half", prepayId);

        // 4.95 of the 9.9 net is split: a refund may take 10 - 4.95 * 10 / 9.9 = 5 of the 10.
        var refund = new Dictionary<string, object?>
        {
            ["refundRequestId"] = "rf-1",
            ["prepayId"] = Id(prepayId),
            ["refundAmount"] = "5.00000001",
        };
        (await client.PostAsync("/binancepay/openapi/order/refund", refund)).Code.ShouldBe("400303");
        (await client.PostAsync(ReturnPath, new
        {
            prepayOrderId = Id(prepayId),
            originMerchantRequestId = "half",
            merchantReturnNo = "half-back",
            transferOutAccount = a.Account,
            returnAmount = "4.95",
        })).Code.ShouldBe("000000");
        refund["refundAmount"] = "6";
        var accepted = await client.PostAsync("/binancepay/openapi/order/refund", refund);
        accepted.Code.ShouldBe("000000", accepted.ToString());
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sandbox_reset_deletes_the_merchants_receivers_and_splits_and_the_ledger_stays_sound()
    {
        var client = await MerchantAsync();
        var a = await RegisteredAsync(Server, client);
        var prepayId = await PaidOrderAsync(Server, client, 10m);
        (await client.PostAsync(SubmitPath, Split("keep", prepayId, Line(a.Account, 2)))).Code.ShouldBe("000000");
        await FinishedAsync(client, "keep", prepayId);
        (await client.PostAsync(SubmitPath, Split("open", prepayId, Line(a.Account, 1)))).Code.ShouldBe("000000");

        (await client.PostAsync("/sandbox/reset", new { })).Code.ShouldBe("000000");
        (await client.PostAsync(QueryReceiverPath, new { pageNum = 1, pageSize = 10 })).Data
            .GetProperty("totalRecordNum").GetInt64().ShouldBe(0);
        (await client.PostAsync(QueryPath, new { merchantRequestId = "keep", prepayOrderId = Id(prepayId) })).Code
            .ShouldBe("400202");
        (await Server.QueryDbAsync("SELECT COUNT(*) FROM split_lines WHERE merchant_id = @m", r => r.GetInt64(0),
            ("@m", client.Merchant.MerchantId))).Single().ShouldBe(0);
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}:funding:freeze", "USDT")).ShouldBe(0);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_seeded_mix_of_payments_refunds_splits_returns_and_converts_conserves_money()
    {
        var random = new Random(1017);
        var client = await MerchantAsync();
        await Server.SetConvertAsync(client.Merchant.MerchantId, true);
        var converted = 0;
        var receivers = new List<(long BuyerId, string Account)>();
        for (var i = 0; i < 3; i++)
        {
            receivers.Add(await RegisteredAsync(Server, client, $"M{i}"));
        }

        var orders = new List<long>();
        var splits = new List<(string RequestId, long PrepayId)>();
        for (var step = 0; step < 40; step++)
        {
            switch (random.Next(5))
            {
                case 0 or 1 when orders.Count > 0 || step == 0:
                    if (orders.Count == 0 || random.Next(2) == 0)
                    {
                        orders.Add(await PaidOrderAsync(Server, client, random.Next(1, 20)));
                        break;
                    }

                    var order = orders[random.Next(orders.Count)];
                    var id = $"mix-{step}";
                    var lines = receivers.OrderBy(_ => random.Next()).Take(random.Next(1, 4))
                        .Select(r => Line(r.Account, (decimal)random.Next(1, 500) / 100)).ToArray();
                    var split = await client.PostAsync(SubmitPath, Split(id, order, lines));
                    // 400304: converts may have taken the funding wallet's USDT that the order brought.
                    split.Code.ShouldBeOneOf("000000", "400102", "400209", "400304");
                    if (split.Code == "000000")
                    {
                        splits.Add((id, order));
                    }

                    break;
                case 2 when splits.Count > 0:
                    var (requestId, prepayId) = splits[random.Next(splits.Count)];
                    var done = await FinishedAsync(client, requestId, prepayId);
                    var line = done.GetProperty("receiverOrderDetails").EnumerateArray().First();
                    var back = await client.PostAsync(ReturnPath, new
                    {
                        prepayOrderId = Id(prepayId),
                        originMerchantRequestId = requestId,
                        merchantReturnNo = $"mix-back-{step}",
                        transferOutAccount = line.GetProperty("account").GetString(),
                        returnAmount = (decimal)random.Next(1, 300) / 100,
                    });
                    back.Code.ShouldBeOneOf("000000", "400102");
                    break;
                case 3 when orders.Count > 0:
                    var refund = await client.PostAsync("/binancepay/openapi/order/refund", new
                    {
                        refundRequestId = $"mix-refund-{step}",
                        prepayId = Id(orders[random.Next(orders.Count)]),
                        refundAmount = (decimal)random.Next(1, 500) / 100,
                    });
                    refund.Code.ShouldBeOneOf("000000", "400303", "400304");
                    break;
                case 4:
                    // A convert out of the same funding wallet the splits and refunds draw on; the minimum is 20 USD.
                    // A quote the wallet cannot cover has no quoteId (docs/compatibility.md, convert).
                    var quote = await client.PostAsync(ConvertHelpers.Quote,
                        ConvertHelpers.QuoteBody("FUNDING_WALLET", "USDT", "BNB", random.Next(20, 40), null));
                    quote.Code.ShouldBe("000000", quote.ToString());
                    if (quote.Data.TryGetProperty("quoteId", out var quoteId))
                    {
                        var executed = await client.ExecuteAsync(quoteId.GetString()!);
                        executed.Code.ShouldBeOneOf("000000", "400304");
                        converted += executed.Code == "000000" ? 1 : 0;
                    }

                    break;
                default:
                    orders.Add(await PaidOrderAsync(Server, client, random.Next(1, 20)));
                    break;
            }
        }

        foreach (var (requestId, prepayId) in splits)
        {
            await FinishedAsync(client, requestId, prepayId);
        }

        splits.Count.ShouldBeGreaterThan(0);
        converted.ShouldBeGreaterThan(0);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteSplitTests(SqliteSplitServer fixture) : SplitTests(fixture), IClassFixture<SqliteSplitServer>;

public sealed class PostgresSplitTests(PostgresSplitServer fixture)
    : SplitTests(fixture), IClassFixture<PostgresSplitServer>;
