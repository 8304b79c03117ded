using System.Globalization;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Wallets;

/// <summary>Merchant wallets over real HTTP (docs/api-reference.md#wallets): balance v1/v2 shapes and numbers,
/// transfer fund and its query, the replay answer, the sandbox funding verbs, field rules and codes, with the ledger
/// and the auditor checked.</summary>
public abstract class WalletTests(ServerFixture fixture)
{
    public const string BalanceV1Path = "/binancepay/openapi/balance";
    public const string BalanceV2Path = "/binancepay/openapi/v2/balance";
    public const string TransferPath = "/binancepay/openapi/wallet/transfer";
    public const string TransferQueryPath = "/binancepay/openapi/wallet/transfer/query";

    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> MerchantAsync() => Server.Signed(await Server.CreateMerchantAsync());

    public static async Task FundAsync(SignedHttp client, string wallet, string currency, object amount)
    {
        var answer = await client.PostAsync("/sandbox/wallet/fund", new { wallet, currency, amount });
        answer.Code.ShouldBe("000000", answer.ToString());
    }

    private static Dictionary<string, object?> Transfer(string requestId, object amount, string type = "TO_MAIN",
        string currency = "USDT") => new()
        {
            ["requestId"] = requestId,
            ["currency"] = currency,
            ["amount"] = amount,
            ["transferType"] = type,
        };

    private static string Raw(JsonElement data, string name) => data.GetProperty(name).GetRawText();

    [Fact]
    public async Task Balance_v1_answers_the_documented_fields_in_Binance_number_shapes()
    {
        var client = await MerchantAsync();
        var empty = await client.PostAsync(BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "USDT" });
        empty.Code.ShouldBe("000000", empty.ToString());
        empty.Body.ShouldContain("\"balance\":0E-8");
        Raw(empty.Data, "availableFiatValuation").ShouldBe("0E-8");
        Raw(empty.Data, "availableBtcValuation").ShouldBe("0E-8");
        empty.Data.GetProperty("asset").GetString().ShouldBe("USDT");
        empty.Data.GetProperty("fiat").GetString().ShouldBe("USD");

        await FundAsync(client, "FUNDING_WALLET", "USDT", "990000");
        var funded = (await client.PostAsync(BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "USDT" })).Data;
        Raw(funded, "balance").ShouldBe("990000.00000000");
        Raw(funded, "availableFiatValuation").ShouldBe("990000.00000000");
        Raw(funded, "availableBtcValuation").ShouldBe("11.00000000"); // BTC at the default 90000 USD
        funded.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["balance", "asset", "fiat", "availableFiatValuation", "availableBtcValuation"]);

        await FundAsync(client, "SPOT_WALLET", "BNB", "0.00000001");
        var tiny = (await client.PostAsync(BalanceV1Path, new { wallet = "SPOT_WALLET", currency = "BNB" })).Data;
        Raw(tiny, "balance").ShouldBe("1E-8");
        Raw(tiny, "availableFiatValuation").ShouldBe("0.00000600"); // 600 USD × 1e-8: adjusted exponent -6, plain
        Raw(tiny, "availableBtcValuation").ShouldBe("0E-8");
        (await client.PostAsync(BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "BNB" })).Body
            .ShouldContain("\"balance\":0E-8");
    }

    [Fact]
    public async Task Balance_v2_lists_every_asset_the_wallet_ever_held_zeros_included()
    {
        var client = await MerchantAsync();
        await FundAsync(client, "SPOT_WALLET", "USDT", 100);
        await FundAsync(client, "SPOT_WALLET", "BNB", 2);
        (await client.PostAsync("/sandbox/wallet/drain", new { wallet = "SPOT_WALLET", currency = "BNB", amount = 2 }))
            .Code.ShouldBe("000000");

        var answer = await client.PostAsync(BalanceV2Path, new { wallet = "SPOT_WALLET" });
        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        data.GetProperty("wallet").GetString().ShouldBe("SPOT_WALLET");
        data.GetProperty("fiat").GetString().ShouldBe("USD");
        data.GetProperty("updateTime").ValueKind.ShouldBe(JsonValueKind.Number);
        data.GetProperty("updateTime").GetInt64().ShouldBeGreaterThan(1_600_000_000_000);
        var assets = data.GetProperty("balance").EnumerateArray().ToList();
        assets.Select(a => a.GetProperty("asset").GetString()).ShouldBe(["BNB", "USDT"]);
        Raw(assets[0], "available").ShouldBe("0E-8");
        Raw(assets[0], "freeze").ShouldBe("0E-8");
        Raw(assets[1], "available").ShouldBe("100.00000000");
        Raw(assets[1], "freeze").ShouldBe("0E-8");
        Raw(assets[1], "availableFiatValuation").ShouldBe("100.00000000");
        assets[1].EnumerateObject().Select(p => p.Name).ShouldBe(
            ["available", "freeze", "asset", "availableFiatValuation", "availableBtcValuation"]);

        var one = (await client.PostAsync(BalanceV2Path, new { wallet = "SPOT_WALLET", currency = "USDT" })).Data;
        one.GetProperty("balance").GetArrayLength().ShouldBe(1);
        var never = (await client.PostAsync(BalanceV2Path, new { wallet = "FUNDING_WALLET", currency = "BUSD" })).Data;
        Raw(never.GetProperty("balance")[0], "available").ShouldBe("0E-8");
        (await client.PostAsync(BalanceV2Path, new { wallet = "FUNDING_WALLET" })).Data.GetProperty("balance")
            .GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_paid_order_credits_the_funding_wallet_and_a_transfer_moves_it_to_spot()
    {
        var client = await MerchantAsync();
        var buyerId = await Server.CreateBuyerAsync("Alice", new() { ["USDT"] = "1000" });
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 25m));
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        var funding = (await client.PostAsync(BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "USDT" })).Data;
        Raw(funding, "balance").ShouldBe("25.00000000");

        var answer = await client.PostAsync(TransferPath, Transfer("100002021071407140001", "10.5"));
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Status.ShouldBe("SUCCESS");
        var data = answer.Data;
        data.GetProperty("tranId").GetString().ShouldBe("100002021071407140001");
        data.GetProperty("status").GetString().ShouldBe("SUCCESS");
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.GetProperty("amount").GetString().ShouldBe("10.5");
        data.GetProperty("transferType").GetString().ShouldBe("TO_MAIN");

        var merchantId = client.Merchant.MerchantId;
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(1_450_000_000);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(1_050_000_000);

        var back = await client.PostAsync(TransferPath, Transfer("back-1", 0.5m, "TO_PAY"));
        back.Code.ShouldBe("000000", back.ToString());
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(1_000_000_000);

        var query = await client.PostAsync(TransferQueryPath, new { tranId = "100002021071407140001" });
        query.Code.ShouldBe("000000", query.ToString());
        query.Data.GetProperty("tranId").GetString().ShouldBe("100002021071407140001");
        query.Data.GetProperty("status").GetString().ShouldBe("SUCCESS");
        query.Data.GetProperty("amount").GetString().ShouldBe("10.5");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_replay_answers_REPEAT_REQ_SUCCESS_and_another_body_under_the_id_is_refused()
    {
        var client = await MerchantAsync();
        await FundAsync(client, "FUNDING_WALLET", "BNB", 1);
        var first = await client.PostAsync(TransferPath, Transfer("replay-1", "0.01", currency: "BNB"));
        first.Code.ShouldBe("000000", first.ToString());

        // The amount as a number this time: the same transfer, compared in units.
        var replay = await client.PostAsync(TransferPath, Transfer("replay-1", 0.010m, currency: "BNB"));
        replay.Code.ShouldBe("000001", replay.ToString());
        replay.Status.ShouldBe("REPEAT_REQ_SUCCESS");
        replay.HttpStatus.ShouldBe(System.Net.HttpStatusCode.OK);
        replay.ErrorMessage.ShouldBe("");
        replay.Data.GetRawText().ShouldBe(first.Data.GetRawText());

        var other = await client.PostAsync(TransferPath, Transfer("replay-1", "0.02", currency: "BNB"));
        other.Code.ShouldBe("400001", other.ToString());
        other.ErrorMessage!.ShouldContain("requestId");
        (await client.PostAsync(TransferPath, Transfer("replay-1", "0.01", "TO_PAY", "BNB"))).Code.ShouldBe("400001");

        // Another merchant may use the same requestId.
        var second = await MerchantAsync();
        await FundAsync(second, "FUNDING_WALLET", "BNB", 1);
        (await second.PostAsync(TransferPath, Transfer("replay-1", "0.02", currency: "BNB"))).Code.ShouldBe("000000");
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}:spot", "BNB")).ShouldBe(1_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Insufficient_balance_is_400304_and_leaves_the_requestId_free()
    {
        var client = await MerchantAsync();
        await FundAsync(client, "FUNDING_WALLET", "USDT", 5);
        var refused = await client.PostAsync(TransferPath, Transfer("short-1", "5.00000001"));
        refused.Code.ShouldBe("400304", refused.ToString());
        refused.ErrorMessage!.ShouldContain("FUNDING_WALLET");
        (await client.PostAsync(TransferPath, Transfer("short-2", 1, "TO_PAY"))).Code.ShouldBe("400304");
        (await client.PostAsync(TransferQueryPath, new { tranId = "short-1" })).Code.ShouldBe("400202");

        await FundAsync(client, "FUNDING_WALLET", "USDT", 1);
        (await client.PostAsync(TransferPath, Transfer("short-1", "5.00000001"))).Code.ShouldBe("000000");
        (await client.PostAsync(TransferPath, Transfer("short-3", 1, currency: "MBOX"))).Code.ShouldBe("400304");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_or_foreign_tranId_is_400202()
    {
        var client = await MerchantAsync();
        await FundAsync(client, "FUNDING_WALLET", "USDT", 5);
        (await client.PostAsync(TransferPath, Transfer("mine-1", 1))).Code.ShouldBe("000000");
        var unknown = await client.PostAsync(TransferQueryPath, new { tranId = "nope" });
        unknown.Code.ShouldBe("400202", unknown.ToString());
        unknown.ErrorMessage!.ShouldContain("tranId");
        var other = await MerchantAsync();
        (await other.PostAsync(TransferQueryPath, new { tranId = "mine-1" })).Code.ShouldBe("400202");
    }

    public static TheoryData<string, object, string> FieldCases => new()
    {
        { BalanceV1Path, new { currency = "USDT" }, "400100" },
        { BalanceV1Path, new { wallet = "FUNDING_WALLET" }, "400100" },
        { BalanceV1Path, new { wallet = "MAIN_WALLET", currency = "USDT" }, "400102" },
        { BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "usdt" }, "400102" },
        { BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "ABCDEFGHIJK" }, "400101" },
        { BalanceV1Path, new { wallet = "FUNDING_WALLET", currency = "US-DT" }, "400103" },
        { BalanceV2Path, new { currency = "USDT" }, "400100" },
        { BalanceV2Path, new { wallet = "SPOT_WALLET", currency = "usdt" }, "400102" },
        { TransferPath, new { currency = "USDT", amount = "1", transferType = "TO_MAIN" }, "400100" },
        { TransferPath, new { requestId = new string('r', 33), currency = "USDT", amount = "1", transferType = "TO_MAIN" }, "400101" },
        { TransferPath, new { requestId = "f1", amount = "1", transferType = "TO_MAIN" }, "400100" },
        { TransferPath, new { requestId = "f1", currency = "usdt", amount = "1", transferType = "TO_MAIN" }, "400102" },
        { TransferPath, new { requestId = "f1", currency = "USDT", transferType = "TO_MAIN" }, "400100" },
        { TransferPath, new { requestId = "f1", currency = "USDT", amount = "0", transferType = "TO_MAIN" }, "400102" },
        { TransferPath, new { requestId = "f1", currency = "USDT", amount = "-1", transferType = "TO_MAIN" }, "400102" },
        { TransferPath, new { requestId = "f1", currency = "USDT", amount = "0.000000001", transferType = "TO_MAIN" }, "400101" },
        { TransferPath, new { requestId = "f1", currency = "USDT", amount = "abc", transferType = "TO_MAIN" }, "400100" },
        { TransferPath, new { requestId = "f1", currency = "USDT", amount = "1" }, "400100" },
        { TransferPath, new { requestId = "f1", currency = "USDT", amount = "1", transferType = "TO_SPOT" }, "400102" },
        { TransferQueryPath, new { }, "400100" },
        { TransferQueryPath, new { tranId = new string('t', 33) }, "400101" },
    };

    [Theory]
    [MemberData(nameof(FieldCases))]
    public async Task Field_rules_answer_their_codes(string path, object body, string code)
    {
        var client = await MerchantAsync();
        var answer = await client.PostAsync(path, body);
        answer.Code.ShouldBe(code, answer.ToString());
        answer.Status.ShouldBe("FAIL");
    }

    [Fact]
    public async Task The_old_revisions_merchantId_is_accepted_and_ignored()
    {
        var client = await MerchantAsync();
        await FundAsync(client, "FUNDING_WALLET", "USDT", 1);
        var body = Transfer("old-rev", "1");
        body["merchantId"] = 1;
        (await client.PostAsync(TransferPath, body)).Code.ShouldBe("000000");
    }

    [Fact]
    public async Task Sandbox_funding_and_draining_go_through_the_mint_and_refuse_below_zero()
    {
        var client = await MerchantAsync();
        var merchantId = client.Merchant.MerchantId;
        var admin = await Server.AdminPostAsync("/sandbox/wallet/fund",
            new { merchantId, wallet = "SPOT_WALLET", currency = "USDT", amount = "12.5" });
        admin.Code.ShouldBe("000000", admin.ToString());
        admin.Data.GetProperty("available").GetString().ShouldBe("12.50000000");
        admin.Data.GetProperty("freeze").GetString().ShouldBe("0.00000000");
        admin.Data.GetProperty("wallet").GetString().ShouldBe("SPOT_WALLET");

        var drained = await client.PostAsync("/sandbox/wallet/drain",
            new { wallet = "SPOT_WALLET", currency = "USDT", amount = "2.5" });
        drained.Data.GetProperty("available").GetString().ShouldBe("10.00000000");
        var refused = await client.PostAsync("/sandbox/wallet/drain",
            new { wallet = "SPOT_WALLET", currency = "USDT", amount = "10.00000001" });
        refused.Code.ShouldBe("400304", refused.ToString());
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(1_000_000_000);

        var unknown = await Server.AdminPostAsync("/sandbox/wallet/fund",
            new { merchantId = 1, wallet = "SPOT_WALLET", currency = "USDT", amount = "1" });
        unknown.Code.ShouldBe("400001");
        unknown.HttpStatus.ShouldBe(System.Net.HttpStatusCode.NotFound); // as every admin verb answers an unknown merchant
        (await Server.AdminPostAsync("/sandbox/wallet/fund",
            new { wallet = "SPOT_WALLET", currency = "USDT", amount = "1" })).Code.ShouldBe("400100");
        var kinds = await Server.QueryDbAsync(
            "SELECT j.kind FROM journals j JOIN postings p ON p.journal_id = j.journal_id WHERE p.account = @a ORDER BY j.journal_id",
            r => r.GetString(0), ("@a", $"merchant:{merchantId}:spot"));
        kinds.ShouldBe(["WALLET_FUNDING", "WALLET_DRAIN"]);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_database_refuses_a_negative_wallet_balance_whatever_the_code_does()
    {
        var client = await MerchantAsync();
        var merchantId = client.Merchant.MerchantId;
        await FundAsync(client, "SPOT_WALLET", "USDT", 1);
        foreach (var account in new[] { $"merchant:{merchantId}:spot", $"merchant:{merchantId}:spot:freeze",
                     $"merchant:{merchantId}:funding:freeze" })
        {
            await Should.ThrowAsync<Exception>(() => Server.Database.WriteAsync(async (c, ct) =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "INSERT INTO balances (account, asset, units) VALUES (@a, 'XRP', -1)";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@a";
                parameter.Value = account;
                command.Parameters.Add(parameter);
                return await command.ExecuteNonQueryAsync(ct);
            }, CancellationToken.None));
        }

        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "XRP")).ShouldBe(0);
    }

    [Fact]
    public async Task Postings_are_conserved_after_payments_refunds_and_transfers()
    {
        var client = await MerchantAsync();
        var merchantId = client.Merchant.MerchantId;
        var buyerId = await Server.CreateBuyerAsync("Bob", new() { ["USDT"] = "1000", ["BNB"] = "10" });
        var paid = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 40m));
            (await client.SandboxPayAsync(prepayId, buyerId, i == 2 ? "BNB" : null)).Code.ShouldBe("000000");
            paid.Add(prepayId);
        }

        (await client.PostAsync(TransferPath, Transfer("c-1", 100))).Code.ShouldBe("000000");
        (await client.PostAsync(TransferPath, Transfer("c-2", 30, "TO_PAY"))).Code.ShouldBe("000000");
        // FUNDING holds 50: a refund of 40 fits, a second one does not once a transfer took the rest.
        var refund = await client.PostAsync("/binancepay/openapi/order/refund", new
        {
            refundRequestId = "cr-1",
            prepayId = paid[0].ToString(CultureInfo.InvariantCulture),
            refundAmount = 40,
        });
        refund.Code.ShouldBe("000000", refund.ToString());
        (await client.PostAsync(TransferPath, Transfer("c-3", 10))).Code.ShouldBe("000000");
        var tooMuch = await client.PostAsync("/binancepay/openapi/order/refund", new
        {
            refundRequestId = "cr-2",
            prepayId = paid[1].ToString(CultureInfo.InvariantCulture),
            refundAmount = 1,
        });
        tooMuch.Code.ShouldBe("400304", tooMuch.ToString());

        (await Server.QueryDbAsync(
            "SELECT asset FROM postings GROUP BY asset HAVING SUM(units) <> 0", r => r.GetString(0))).ShouldBeEmpty();
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}", "USDT")).ShouldBe(0);
        (await Server.BalanceUnitsAsync($"merchant:{merchantId}:spot", "USDT")).ShouldBe(8_000_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteWalletTests(SqliteServer fixture) : WalletTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresWalletTests(PostgresServer fixture) : WalletTests(fixture), IClassFixture<PostgresServer>;
