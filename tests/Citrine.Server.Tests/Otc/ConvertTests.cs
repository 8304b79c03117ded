using System.Globalization;
using System.Text.Json;
using Citrine.Testing;
using static Citrine.Server.Tests.Otc.ConvertHelpers;

namespace Citrine.Server.Tests.Otc;

/// <summary>
/// Convert over real HTTP (docs/api-reference.md#convert): the whitelist, pairs and limits from the price table, quotes
/// and their field rules, execution in the chosen wallet with one journal, expiry by the merchant's sandbox clock,
/// insufficient balance, the trade order query, sandbox reset, and conservation after a seeded random mix. Default
/// prices (USDT 1, BNB 600, ETH 3000 USD), spread 10 basis points, quotes valid 30 s.
/// </summary>
public abstract class ConvertTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private static decimal Dec(JsonElement data, string name) => data.GetProperty(name).GetDecimal();

    private async Task<decimal> BalanceAsync(SignedHttp client, string wallet, string currency)
    {
        var answer = await client.PostAsync("/binancepay/openapi/balance", new { wallet, currency });
        answer.Code.ShouldBe("000000", answer.ToString());
        return answer.Data.GetProperty("balance").GetDecimal();
    }

    [Fact]
    public async Task A_merchant_not_whitelisted_gets_400606_on_every_endpoint_until_the_admin_enables_it()
    {
        var merchant = await Server.CreateMerchantAsync();
        var client = Server.Signed(merchant);
        object[] bodies =
        [
            new { fromAsset = "USDT" }, QuoteBody("FUNDING_WALLET", "USDT", "BNB", 100, null),
            new { quoteId = "q" }, new { orderId = "1" },
        ];
        string[] paths = [Selector, Quote, Execute, TradeQuery];
        foreach (var (path, body) in paths.Zip(bodies))
        {
            var refused = await client.PostAsync(path, body);
            refused.Code.ShouldBe("400606", $"{path}: {refused}");
            refused.Status.ShouldBe("FAIL");
        }

        // The gate runs before any field rule: even a body with no fields is refused for access.
        (await client.PostAsync(Quote, new { })).Code.ShouldBe("400606");

        await Server.SetConvertAsync(merchant.MerchantId, true);
        (await client.PostAsync(Selector, new { fromAsset = "USDT" })).Code.ShouldBe("000000");
        var listed = await Server.AdminGetAsync($"/admin/merchants/{merchant.MerchantId}");
        listed.Data.GetProperty("convertEnabled").GetBoolean().ShouldBeTrue();

        await Server.SetConvertAsync(merchant.MerchantId, false);
        (await client.PostAsync(Selector, new { fromAsset = "USDT" })).Code.ShouldBe("400606");
    }

    [Fact]
    public async Task The_selector_lists_every_other_priced_asset_with_limits_from_the_USD_range()
    {
        var client = await Server.NewConvertMerchantAsync();
        var answer = await client.PostAsync(Selector, new { fromAsset = "USDT" });
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.GetProperty("coin").GetString().ShouldBe("USDT");
        var list = answer.Data.GetProperty("toList").EnumerateArray().ToList();
        list.Select(p => p.GetProperty("coin").GetString()).ShouldBe(["BNB", "BTC", "BUSD", "ETH", "MBOX", "USDC"]);
        var bnb = list[0];
        bnb.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["coin", "fromMin", "fromMax", "toMin", "toMax", "reverse", "base"]);
        Dec(bnb, "fromMin").ShouldBe(20m);
        Dec(bnb, "fromMax").ShouldBe(700_000m);
        Dec(bnb, "toMin").ShouldBe(0.03333334m); // 20 USD at 600, rounded up
        Dec(bnb, "toMax").ShouldBe(1166.66666666m); // 700000 USD at 600, rounded down
        bnb.GetProperty("reverse").GetBoolean().ShouldBeTrue();
        bnb.GetProperty("base").ValueKind.ShouldBe(JsonValueKind.True);

        (await client.PostAsync(Selector, new { fromAsset = "DOGE" })).Code.ShouldBe("400102");
        (await client.PostAsync(Selector, new { fromAsset = "EUR" })).Code.ShouldBe("400102"); // fiat: not convertible
        (await client.PostAsync(Selector, new { fromAsset = "usdt" })).Code.ShouldBe("400102");
        (await client.PostAsync(Selector, new { })).Code.ShouldBe("400100");
    }

    [Fact]
    public async Task A_quote_by_fromAmount_or_toAmount_prices_with_the_spread_and_rounds_for_the_desk()
    {
        var client = await Server.NewConvertMerchantAsync();
        await client.FundAsync("FUNDING_WALLET", "USDT", 1000);

        var answer = await client.PostAsync(Quote, QuoteBody("FUNDING_WALLET", "USDT", "BNB", 100, null));
        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        data.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "quoteId", "ratio", "inverseRatio", "validTimestamp", "expireTime", "toAmount", "toCoin", "fromAmount",
            "fromCoin",
        ]);
        data.GetProperty("quoteId").GetString()!.Length.ShouldBe(32);
        Dec(data, "fromAmount").ShouldBe(100m);
        Dec(data, "toAmount").ShouldBe(0.1665m); // 100 × 0.999 / 600
        Dec(data, "ratio").ShouldBe(0.001665m);
        Dec(data, "inverseRatio").ShouldBe(600.6006006m); // 600 / 0.999, rounded down to 8 decimals
        data.GetProperty("fromCoin").GetString().ShouldBe("USDT");
        data.GetProperty("toCoin").GetString().ShouldBe("BNB");
        data.GetProperty("expireTime").GetInt64().ShouldBe(30);
        var clock = await client.PostAsync("/sandbox/clock", new { });
        data.GetProperty("validTimestamp").GetInt64().ShouldBeGreaterThan(clock.Data.GetProperty("nowMs").GetInt64());

        // By toAmount (the spec's sample shape, fromAmount null): the FROM amount is rounded up.
        var reverse = await client.PostAsync(Quote, QuoteBody("FUNDING_WALLET", "USDT", "BNB", null, 0.08m));
        reverse.Code.ShouldBe("000000", reverse.ToString());
        Dec(reverse.Data, "toAmount").ShouldBe(0.08m);
        Dec(reverse.Data, "fromAmount").ShouldBe(48.04804805m); // 0.08 × 600 / 0.999 = 48.048048048…, up

        // The other way round the ratio is BNB's price less the spread.
        await client.FundAsync("SPOT_WALLET", "BNB", 1);
        var sell = await client.QuoteAsync("SPOT_WALLET", "BNB", "USDT", "0.5");
        Dec(sell, "toAmount").ShouldBe(299.7m);
        Dec(sell, "ratio").ShouldBe(599.4m);
    }

    [Fact]
    public async Task A_quote_the_wallet_cannot_cover_has_no_quoteId()
    {
        var client = await Server.NewConvertMerchantAsync();
        await client.FundAsync("FUNDING_WALLET", "USDT", 50);
        var answer = await client.PostAsync(Quote, QuoteBody("SPOT_WALLET", "USDT", "ETH", 50, null));
        answer.Code.ShouldBe("000000", answer.ToString());
        answer.Data.TryGetProperty("quoteId", out _).ShouldBeFalse(answer.ToString());
        Dec(answer.Data, "toAmount").ShouldBe(0.01665m);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM convert_quotes WHERE merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(0);
    }

    [Theory]
    [InlineData("FUNDING_WALLET", "USDT", "BNB", "100", "0.1", "400102")] // both amounts
    [InlineData("FUNDING_WALLET", "USDT", "BNB", null, null, "400100")] // neither
    [InlineData("FUNDING_WALLET", "USDT", "USDT", "100", null, "400102")] // same asset
    [InlineData("FUNDING_WALLET", "USDT", "BNB", "19.99999999", null, "400102")] // below 20 USD
    [InlineData("FUNDING_WALLET", "USDT", "BNB", "700000.00000001", null, "400102")] // above 700000 USD
    [InlineData("FUNDING_WALLET", "USDT", "BNB", null, "0.03333333", "400102")] // toAmount below toMin
    [InlineData("FUNDING_WALLET", "USDT", "BNB", "100.000000001", null, "400101")] // 9 decimals
    [InlineData("FUNDING_WALLET", "USDT", "BNB", "-100", null, "400102")]
    [InlineData("FUNDING_WALLET", "USDT", "BNB", "abc", null, "400100")]
    [InlineData("MAIN_WALLET", "USDT", "BNB", "100", null, "400102")]
    [InlineData(null, "USDT", "BNB", "100", null, "400100")]
    [InlineData("FUNDING_WALLET", "USDT", "DOGE", "100", null, "400102")]
    [InlineData("FUNDING_WALLET", "DOGE", "USDT", "100", null, "400102")]
    [InlineData("FUNDING_WALLET", "USDT", "EUR", "100", null, "400102")]
    [InlineData("FUNDING_WALLET", "usdt", "BNB", "100", null, "400102")]
    [InlineData("FUNDING_WALLET", "USDT", null, "100", null, "400100")]
    public async Task Quote_field_rules_answer_their_codes(string? wallet, string from, string? to, string? fromAmount,
        string? toAmount, string code)
    {
        var client = await Server.NewConvertMerchantAsync();
        var answer = await client.PostAsync(Quote, QuoteBody(wallet!, from, to!, fromAmount, toAmount));
        answer.Code.ShouldBe(code, answer.ToString());
        answer.Status.ShouldBe("FAIL");
        ((int)answer.HttpStatus).ShouldBe(400);
    }

    [Fact]
    public async Task Executing_moves_both_assets_in_the_chosen_wallet_in_one_journal_and_the_order_settles()
    {
        var client = await Server.NewConvertMerchantAsync();
        var merchantId = client.Merchant.MerchantId;
        await client.FundAsync("SPOT_WALLET", "USDT", 1000);
        await client.FundAsync("FUNDING_WALLET", "USDT", 5);
        var quote = await client.QuoteAsync("SPOT_WALLET", "USDT", "BNB", 100);

        var answer = await client.ExecuteAsync(quote.GetProperty("quoteId").GetString()!);
        answer.Code.ShouldBe("000000", answer.ToString());
        var data = answer.Data;
        data.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "orderId", "createTime", "orderStatus", "quotePrice", "inversePrice", "fromCoin", "fromCoinAmount",
            "toCoin", "toCoinAmount",
        ]);
        var orderId = data.GetProperty("orderId").GetString()!;
        orderId.ShouldAllBe(c => char.IsAsciiDigit(c));
        data.GetProperty("orderStatus").GetString().ShouldBe("PROCESS");
        data.GetProperty("createTime").GetInt64().ShouldBeGreaterThan(1_600_000_000_000);
        Dec(data, "quotePrice").ShouldBe(0.001665m);
        Dec(data, "inversePrice").ShouldBe(600.6006006m);
        Dec(data, "fromCoinAmount").ShouldBe(100m);
        Dec(data, "toCoinAmount").ShouldBe(0.1665m);

        (await BalanceAsync(client, "SPOT_WALLET", "USDT")).ShouldBe(900m);
        (await BalanceAsync(client, "SPOT_WALLET", "BNB")).ShouldBe(0.1665m);
        (await BalanceAsync(client, "FUNDING_WALLET", "USDT")).ShouldBe(5m);
        (await BalanceAsync(client, "FUNDING_WALLET", "BNB")).ShouldBe(0m);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM journals WHERE kind = 'CONVERT' AND reference = @o",
            ("@o", orderId))).ShouldBe(1);

        var query = await client.PostAsync(TradeQuery, new { orderId });
        query.Code.ShouldBe("000000", query.ToString());
        query.Data.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["orderId", "orderStatus", "fromAsset", "fromAmount", "toAsset", "toAmount", "ratio", "inverseRatio"]);
        query.Data.GetProperty("orderId").GetString().ShouldBe(orderId);
        query.Data.GetProperty("orderStatus").GetString().ShouldBe("SUCCESS");
        query.Data.GetProperty("fromAsset").GetString().ShouldBe("USDT");
        query.Data.GetProperty("toAsset").GetString().ShouldBe("BNB");
        Dec(query.Data, "fromAmount").ShouldBe(100m);
        Dec(query.Data, "toAmount").ShouldBe(0.1665m);
        Dec(query.Data, "ratio").ShouldBe(Dec(data, "quotePrice"));
        Dec(query.Data, "inverseRatio").ShouldBe(Dec(data, "inversePrice"));

        // The spec's sample sends orderId as a bare number.
        var numeric = await client.PostRawAsync(TradeQuery, $"{{\"orderId\":{orderId}}}");
        numeric.Code.ShouldBe("000000", numeric.ToString());
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_quote_executes_once_and_unknown_ids_are_not_found()
    {
        var client = await Server.NewConvertMerchantAsync();
        await client.FundAsync("FUNDING_WALLET", "USDT", 1000);
        var quoteId = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "ETH", 300)).GetProperty("quoteId")
            .GetString()!;
        (await client.ExecuteAsync(quoteId)).Code.ShouldBe("000000");

        var again = await client.ExecuteAsync(quoteId);
        again.Code.ShouldBe("400204", again.ToString());
        (await BalanceAsync(client, "FUNDING_WALLET", "USDT")).ShouldBe(700m);

        (await client.ExecuteAsync("no-such-quote")).Code.ShouldBe("400202");
        (await client.PostAsync(Execute, new { })).Code.ShouldBe("400100");
        (await client.PostAsync(Execute, new { quoteId = new string('q', 65) })).Code.ShouldBe("400101");
        (await client.PostAsync(TradeQuery, new { orderId = "1309477640981204290" })).Code.ShouldBe("400202");
        (await client.PostAsync(TradeQuery, new { })).Code.ShouldBe("400100");
    }

    [Fact]
    public async Task A_quote_expires_by_the_merchants_sandbox_clock()
    {
        var client = await Server.NewConvertMerchantAsync();
        await client.FundAsync("FUNDING_WALLET", "USDT", 1000);
        var early = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;
        var late = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;

        // Another merchant's clock moving changes nothing for this one.
        var other = await Server.NewConvertMerchantAsync();
        (await other.PostAsync("/sandbox/clock/advance", new { advanceMs = 3_600_000 })).Code.ShouldBe("000000");
        (await client.ExecuteAsync(early)).Code.ShouldBe("000000");

        (await client.PostAsync("/sandbox/clock/advance", new { advanceMs = 31_000 })).Code.ShouldBe("000000");
        var expired = await client.ExecuteAsync(late);
        expired.Code.ShouldBe("345231", expired.ToString());
        expired.Status.ShouldBe("FAIL");
        (await BalanceAsync(client, "FUNDING_WALLET", "USDT")).ShouldBe(900m);

        // A quote asked after the advance is valid for 30 s of the advanced clock.
        var fresh = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;
        (await client.ExecuteAsync(fresh)).Code.ShouldBe("000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Executing_without_the_balance_is_refused_with_400304_and_the_quote_stays_executable()
    {
        var client = await Server.NewConvertMerchantAsync();
        await client.FundAsync("FUNDING_WALLET", "USDT", 100);
        var quoteId = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;
        (await client.PostAsync("/sandbox/wallet/drain",
            new { wallet = "FUNDING_WALLET", currency = "USDT", amount = "0.00000001" })).Code.ShouldBe("000000");

        var refused = await client.ExecuteAsync(quoteId);
        refused.Code.ShouldBe("400304", refused.ToString());
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM convert_trades WHERE quote_id = @q", ("@q", quoteId)))
            .ShouldBe(0);

        await client.FundAsync("FUNDING_WALLET", "USDT", "0.00000001");
        (await client.ExecuteAsync(quoteId)).Code.ShouldBe("000000");
        (await BalanceAsync(client, "FUNDING_WALLET", "USDT")).ShouldBe(0m);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_sandbox_reset_deletes_the_merchants_quotes_and_trades_and_the_ledger_stays_sound()
    {
        var client = await Server.NewConvertMerchantAsync();
        var merchantId = client.Merchant.MerchantId;
        await client.FundAsync("FUNDING_WALLET", "USDT", 1000);
        var executed = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;
        var orderId = (await client.ExecuteAsync(executed)).Data.GetProperty("orderId").GetString()!;
        var open = (await client.QuoteAsync("FUNDING_WALLET", "USDT", "BNB", 100)).GetProperty("quoteId")
            .GetString()!;

        (await client.PostAsync("/sandbox/reset", new { })).Code.ShouldBe("000000");

        (await Server.Database.CountAsync("SELECT COUNT(*) FROM convert_quotes WHERE merchant_id = @m",
            ("@m", merchantId))).ShouldBe(0);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM convert_trades WHERE merchant_id = @m",
            ("@m", merchantId))).ShouldBe(0);
        (await client.PostAsync(TradeQuery, new { orderId })).Code.ShouldBe("400202");
        (await client.ExecuteAsync(open)).Code.ShouldBe("400202");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_seeded_random_mix_of_converts_keeps_every_wallet_at_what_the_answers_say_and_the_auditor_clean()
    {
        var random = new Random(20261202);
        var client = await Server.NewConvertMerchantAsync();
        string[] wallets = ["FUNDING_WALLET", "SPOT_WALLET"];
        string[] assets = ["USDT", "BNB", "ETH"];
        var expected = new Dictionary<(string Wallet, string Asset), decimal>();
        foreach (var wallet in wallets)
        {
            foreach (var (asset, amount) in assets.Zip(new[] { 2000m, 3m, 0.6m }))
            {
                await client.FundAsync(wallet, asset, amount.ToString(CultureInfo.InvariantCulture));
                expected[(wallet, asset)] = amount;
            }
        }

        // Per asset, a range worth 20 to about 400 USD with 4 decimals at most.
        var ranges = new Dictionary<string, (decimal Min, decimal Max)>
        {
            ["USDT"] = (20m, 400m),
            ["BNB"] = (0.04m, 0.6m),
            ["ETH"] = (0.007m, 0.12m),
        };
        decimal Pick(string asset) =>
            decimal.Round(ranges[asset].Min + ((ranges[asset].Max - ranges[asset].Min)
                * (decimal)random.Next(0, 10_001) / 10_000m), 4);

        var (executed, skipped, refused) = (0, 0, 0);
        for (var i = 0; i < 40; i++)
        {
            var wallet = wallets[random.Next(wallets.Length)];
            var from = assets[random.Next(assets.Length)];
            var to = assets.Where(a => a != from).ElementAt(random.Next(assets.Length - 1));
            var byTo = random.Next(3) == 0;
            var answer = await client.PostAsync(Quote, QuoteBody(wallet, from, to, byTo ? null : Pick(from),
                byTo ? Pick(to) : null));
            answer.Code.ShouldBe("000000", answer.ToString());
            if (!answer.Data.TryGetProperty("quoteId", out var quoteId))
            {
                Dec(answer.Data, "fromAmount").ShouldBeGreaterThan(expected[(wallet, from)]);
                skipped++;
                continue;
            }

            if (random.Next(5) == 0)
            {
                skipped++; // left to expire unexecuted
                continue;
            }

            var execution = await client.ExecuteAsync(quoteId.GetString()!);
            if (execution.Code == "400304")
            {
                refused++; // an earlier convert spent what the quote saw
                continue;
            }

            execution.Code.ShouldBe("000000", execution.ToString());
            expected[(wallet, from)] -= Dec(execution.Data, "fromCoinAmount");
            expected[(wallet, to)] += Dec(execution.Data, "toCoinAmount");
            executed++;
            if (random.Next(4) == 0)
            {
                (await client.ExecuteAsync(quoteId.GetString()!)).Code.ShouldBe("400204");
            }
        }

        executed.ShouldBeGreaterThan(10, $"skipped {skipped}, refused {refused}");
        foreach (var ((wallet, asset), amount) in expected)
        {
            (await BalanceAsync(client, wallet, asset)).ShouldBe(amount, $"{wallet} {asset}");
        }

        (await Server.Database.CountAsync("SELECT COUNT(*) FROM convert_trades WHERE merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(executed);
        (await Server.QueryDbAsync("SELECT asset FROM postings GROUP BY asset HAVING SUM(units) <> 0",
            r => r.GetString(0))).ShouldBeEmpty();
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqliteConvertTests(SqliteServer fixture) : ConvertTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresConvertTests(PostgresServer fixture) : ConvertTests(fixture), IClassFixture<PostgresServer>;
