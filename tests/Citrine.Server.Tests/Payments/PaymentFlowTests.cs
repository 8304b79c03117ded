using System.Globalization;
using System.Text.Json;
using Citrine.Testing;

namespace Citrine.Server.Tests.Payments;

/// <summary>Create → pay / close → query, over HTTP through the sandbox helper, with the ledger and outbox checked.</summary>
public abstract class PaymentFlowTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<SignedHttp> NewClientAsync() => Server.Signed(await Server.CreateMerchantAsync());

    private async Task<long> FundedBuyerAsync(string usdt = "1000") =>
        await Server.CreateBuyerAsync("Alice", new() { ["USDT"] = usdt, ["BNB"] = "2" });

    [Fact]
    public async Task Paying_through_the_sandbox_helper_makes_the_order_PAID_with_its_paymentInfo()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 25.17m));

        var paid = await client.SandboxPayAsync(prepayId, buyerId);
        paid.Code.ShouldBe("000000", paid.ToString());
        paid.Data.GetProperty("status").GetString().ShouldBe("PAID");

        var query = await client.QueryAsync(prepayId);
        var data = query.Data;
        data.GetProperty("status").GetString().ShouldBe("PAID");
        data.GetProperty("orderAmount").GetString().ShouldBe("25.17");
        data.GetProperty("transactionId").GetString()!.ShouldStartWith("M_R_");
        data.GetProperty("openUserId").GetString()!.Length.ShouldBe(32);
        data.GetProperty("commission").GetString().ShouldBe("0.00000000");
        data.GetProperty("transactTime").GetInt64().ShouldBeGreaterThanOrEqualTo(data.GetProperty("createTime").GetInt64());
        var info = data.GetProperty("paymentInfo");
        info.GetProperty("payerId").GetString()!.Length.ShouldBe(10);
        info.GetProperty("payMethod").GetString().ShouldBe("FUNDING");
        var instruction = info.GetProperty("paymentInstructions").EnumerateArray().Single();
        instruction.GetProperty("currency").GetString().ShouldBe("USDT");
        instruction.GetProperty("amount").GetString().ShouldBe("25.17000000");
        instruction.GetProperty("price").GetString().ShouldBe("1.00000000");

        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("974.83000000");
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}", "USDT")).ShouldBe(2_517_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task PAY_SUCCESS_is_written_to_the_outbox_with_every_documented_field()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var body = Orders.V2(amount: 0.88m);
        body["passThroughInfo"] = "order-42 {\"k\":1}";
        var prepayId = await client.CreateOrderAsync(body);
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        var query = (await client.QueryAsync(prepayId)).Data;

        var (bizType, bizStatus, dataJson) = (await Server.OutboxOfAsync(prepayId)).Single();
        bizType.ShouldBe("PAY");
        bizStatus.ShouldBe("PAY_SUCCESS");
        var data = Sandbox.ParseJson(dataJson);
        data.GetProperty("merchantTradeNo").GetString().ShouldBe((string)body["merchantTradeNo"]!);
        data.GetProperty("productType").GetString().ShouldBe("01");
        data.GetProperty("productName").GetString().ShouldBe("Ice Cream");
        data.GetProperty("transactTime").ValueKind.ShouldBe(JsonValueKind.Number);
        data.GetProperty("transactTime").GetInt64().ShouldBe(query.GetProperty("transactTime").GetInt64());
        data.GetProperty("tradeType").GetString().ShouldBe("WEB");
        data.GetProperty("totalFee").GetRawText().ShouldBe("0.88000000");
        data.GetProperty("currency").GetString().ShouldBe("USDT");
        data.GetProperty("transactionId").GetString().ShouldBe(query.GetProperty("transactionId").GetString());
        data.GetProperty("openUserId").GetString().ShouldBe(query.GetProperty("openUserId").GetString());
        data.GetProperty("passThroughInfo").GetString().ShouldBe("order-42 {\"k\":1}");
        data.GetProperty("commission").GetRawText().ShouldBe("0.00000000");
        var info = data.GetProperty("paymentInfo");
        info.GetProperty("payerId").ValueKind.ShouldBe(JsonValueKind.Number);
        info.GetProperty("payerId").GetInt64().ToString(CultureInfo.InvariantCulture)
            .ShouldBe(query.GetProperty("paymentInfo").GetProperty("payerId").GetString());
        info.GetProperty("payMethod").GetString().ShouldBe("FUNDING");
        var instruction = info.GetProperty("paymentInstructions").EnumerateArray().Single();
        instruction.GetProperty("currency").GetString().ShouldBe("USDT");
        decimal.Parse(instruction.GetProperty("amount").ToString(), CultureInfo.InvariantCulture).ShouldBe(0.88m);
        decimal.Parse(instruction.GetProperty("price").ToString(), CultureInfo.InvariantCulture).ShouldBe(1m);
    }

    [Fact]
    public async Task Close_makes_the_order_CANCELED_with_PAY_CLOSED_and_a_later_pay_gets_400204()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var body = Orders.V2();
        body["passThroughInfo"] = "pt";
        var prepayId = await client.CreateOrderAsync(body);

        (await client.CloseAsync(prepayId)).Code.ShouldBe("000000");
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("CANCELED");
        var (_, bizStatus, dataJson) = (await Server.OutboxOfAsync(prepayId)).Single();
        bizStatus.ShouldBe("PAY_CLOSED");
        var data = Sandbox.ParseJson(dataJson);
        foreach (var field in new[] { "merchantTradeNo", "productType", "productName", "transactTime", "tradeType",
                     "totalFee", "currency", "commission", "passThroughInfo" })
        {
            data.TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        data.TryGetProperty("paymentInfo", out _).ShouldBeFalse();

        var pay = await client.SandboxPayAsync(prepayId, buyerId);
        pay.Code.ShouldBe("400204");
        pay.ErrorMessage!.ShouldContain("CANCELED");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("1000.00000000");
        (await Server.OutboxOfAsync(prepayId)).Count.ShouldBe(1);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Paying_a_paid_order_again_gets_400204_and_debits_once()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 10m));
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("000000");
        var again = await client.SandboxPayAsync(prepayId, buyerId);
        again.Code.ShouldBe("400204");
        again.ErrorMessage!.ShouldContain("PAID");
        (await client.CloseAsync(prepayId)).Code.ShouldBe("400204");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("990.00000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_buyer_who_cannot_cover_the_order_gets_409001_and_the_order_stays_open()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync(usdt: "25.16999999");
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 25.17m));

        var pay = await client.SandboxPayAsync(prepayId, buyerId);
        pay.Code.ShouldBe("409001", pay.ToString());
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("25.16999999");
        (await Server.OutboxOfAsync(prepayId)).ShouldBeEmpty();
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_buyer_without_a_wallet_in_the_pay_currency_gets_409001()
    {
        var client = await NewClientAsync();
        var buyerId = await Server.CreateBuyerAsync("Empty");
        var prepayId = await client.CreateOrderAsync();
        (await client.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("409001");
    }

    [Fact]
    public async Task An_unknown_buyer_gets_409002()
    {
        var client = await NewClientAsync();
        var prepayId = await client.CreateOrderAsync();
        (await client.SandboxPayAsync(prepayId, 1)).Code.ShouldBe("409002");
    }

    [Fact]
    public async Task Without_a_buyerId_the_oldest_buyer_pays_and_with_no_buyer_at_all_it_is_409002()
    {
        await using var server = await TestServer.StartAsync(fixture.Store, ServerTuning.Busy);
        var client = server.Signed(await server.CreateMerchantAsync());
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 3m));
        var noBuyer = await client.PostAsync("/sandbox/orders/pay", new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture) });
        noBuyer.Code.ShouldBe("409002");

        var oldest = await server.CreateBuyerAsync("First", new() { ["USDT"] = "10" });
        var newer = await server.CreateBuyerAsync("Second", new() { ["USDT"] = "10" });
        var paid = await client.PostAsync("/sandbox/orders/pay", new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture) });
        paid.Code.ShouldBe("000000", paid.ToString());
        (await server.BuyerBalancesAsync(oldest))["USDT"].ShouldBe("7.00000000");
        (await server.BuyerBalancesAsync(newer))["USDT"].ShouldBe("10.00000000");
    }

    [Fact]
    public async Task Another_merchants_order_is_not_found()
    {
        var owner = await NewClientAsync();
        var other = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var prepayId = await owner.CreateOrderAsync();
        (await other.SandboxPayAsync(prepayId, buyerId)).Code.ShouldBe("400202");
        (await owner.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("INITIAL");
    }

    [Fact]
    public async Task OpenUserId_and_payerId_are_stable_per_buyer_and_merchant()
    {
        var shopA = await NewClientAsync();
        var shopB = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var ids = new List<(string OpenUserId, string PayerId)>();
        foreach (var client in new[] { shopA, shopA, shopB })
        {
            var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 1m));
            var data = (await client.SandboxPayAsync(prepayId, buyerId)).Data;
            ids.Add((data.GetProperty("openUserId").GetString()!,
                data.GetProperty("paymentInfo").GetProperty("payerId").GetString()!));
        }

        ids[1].ShouldBe(ids[0]);
        ids[2].OpenUserId.ShouldNotBe(ids[0].OpenUserId);
        ids[2].PayerId.ShouldNotBe(ids[0].PayerId);
    }

    [Fact]
    public async Task Pay_currency_is_limited_to_supportPayCurrency_and_defaults_to_its_first_entry()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var body = Orders.V2(amount: 12m);
        body["supportPayCurrency"] = "BNB";
        var prepayId = await client.CreateOrderAsync(body);

        var refused = await client.SandboxPayAsync(prepayId, buyerId, "USDT");
        refused.Code.ShouldBe("400102");
        refused.ErrorMessage!.ShouldContain("payCurrency");

        var paid = await client.SandboxPayAsync(prepayId, buyerId);
        paid.Code.ShouldBe("000000", paid.ToString());
        var instruction = paid.Data.GetProperty("paymentInfo").GetProperty("paymentInstructions")[0];
        instruction.GetProperty("currency").GetString().ShouldBe("BNB");
        instruction.GetProperty("amount").GetString().ShouldBe("0.02000000");
        instruction.GetProperty("price").GetString().ShouldBe("600.00000000");
        (await Server.BuyerBalancesAsync(buyerId))["BNB"].ShouldBe("1.98000000");
        (await Server.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Conversion_rounds_up_for_the_buyer_and_commission_rounds_down_through_exchange_and_fees()
    {
        await using var server = await TestServer.StartAsync(fixture.Store, o =>
        {
            ServerTuning.Busy(o);
            o.CommissionBasisPoints = 150;
        });
        var client = server.Signed(await server.CreateMerchantAsync());
        var buyerId = await server.CreateBuyerAsync("Alice", new() { ["BNB"] = "2" });
        var prepayId = await client.CreateOrderAsync(Orders.V2(amount: 10m));

        var paid = await client.SandboxPayAsync(prepayId, buyerId, "BNB");
        paid.Code.ShouldBe("000000", paid.ToString());
        paid.Data.GetProperty("commission").GetString().ShouldBe("0.15000000");
        var instruction = paid.Data.GetProperty("paymentInfo").GetProperty("paymentInstructions")[0];
        instruction.GetProperty("amount").GetString().ShouldBe("0.01666667"); // 10 / 600 = 0.016666666… rounded up
        instruction.GetProperty("price").GetString().ShouldBe("600.00000000");

        var merchant = $"merchant:{client.Merchant.MerchantId}";
        (await server.BalanceUnitsAsync(merchant, "USDT")).ShouldBe(985_000_000);
        (await server.BalanceUnitsAsync("platform:fees", "USDT")).ShouldBe(15_000_000);
        (await server.BalanceUnitsAsync("platform:exchange", "BNB")).ShouldBe(1_666_667);
        (await server.BalanceUnitsAsync("platform:exchange", "USDT")).ShouldBe(-1_000_000_000);
        (await server.BuyerBalancesAsync(buyerId))["BNB"].ShouldBe("1.98333333");
        var data = Sandbox.ParseJson((await server.OutboxOfAsync(prepayId)).Single().DataJson);
        data.GetProperty("commission").GetRawText().ShouldBe("0.15000000");
        (await server.AuditAsync()).ShouldBeEmpty();

        // 1 basis point of 0.33333333 is 0.0000333333…: the merchant keeps the fraction.
        await using var small = await TestServer.StartAsync(fixture.Store, o =>
        {
            ServerTuning.Busy(o);
            o.CommissionBasisPoints = 1;
        });
        var smallClient = small.Signed(await small.CreateMerchantAsync());
        var smallBuyer = await small.CreateBuyerAsync("Bob", new() { ["USDT"] = "1" });
        var body = Orders.V3();
        body["orderAmount"] = "0.33333333";
        var smallOrder = await smallClient.CreateOrderAsync(body, "/binancepay/openapi/v3/order");
        (await smallClient.SandboxPayAsync(smallOrder, smallBuyer)).Data.GetProperty("commission").GetString()
            .ShouldBe("0.00003333");
        (await small.AuditAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Expire_now_helper_expires_an_open_order_once()
    {
        var client = await NewClientAsync();
        var prepayId = await client.CreateOrderAsync();
        var body = new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture) };

        var expired = await client.PostAsync("/sandbox/orders/expire", body);
        expired.Code.ShouldBe("000000", expired.ToString());
        expired.Data.GetProperty("status").GetString().ShouldBe("EXPIRED");
        (await client.QueryAsync(prepayId)).Data.GetProperty("status").GetString().ShouldBe("EXPIRED");
        (await client.PostAsync("/sandbox/orders/expire", body)).Code.ShouldBe("400204");
        (await client.CloseAsync(prepayId)).Code.ShouldBe("400204");
        (await Server.OutboxOfAsync(prepayId)).Single().BizStatus.ShouldBe("PAY_CLOSED");
    }

    [Fact]
    public async Task Sandbox_helpers_accept_the_admin_token_and_refuse_a_wrong_one()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var prepayId = await client.CreateOrderAsync();

        var paid = await Server.AdminPostAsync("/sandbox/orders/pay",
            new { prepayId = prepayId.ToString(CultureInfo.InvariantCulture), buyerId });
        paid.Code.ShouldBe("000000", paid.ToString());

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/sandbox/clock")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        wrong.Headers.Authorization = new("Bearer", "not-the-token");
        var refused = await SignedHttp.SendAsync(new HttpClient { BaseAddress = Server.BaseUri }, wrong);
        refused.HttpStatus.ShouldBe(System.Net.HttpStatusCode.Unauthorized);

        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/sandbox/clock")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        (await SignedHttp.SendAsync(new HttpClient { BaseAddress = Server.BaseUri }, unsigned)).Code.ShouldBe("400005");
    }

    [Fact]
    public async Task Reset_deletes_the_merchants_orders_and_events_and_keeps_money_and_keys()
    {
        var client = await NewClientAsync();
        var buyerId = await FundedBuyerAsync();
        var paidId = await client.CreateOrderAsync(Orders.V2(tradeNo: "reuseme1", amount: 5m));
        await client.CreateOrderAsync();
        (await client.SandboxPayAsync(paidId, buyerId)).Code.ShouldBe("000000");

        var reset = await client.PostAsync("/sandbox/reset", new { });
        reset.Code.ShouldBe("000000", reset.ToString());
        reset.Data.GetProperty("ordersDeleted").GetInt32().ShouldBe(2);
        reset.Data.GetProperty("eventsDeleted").GetInt32().ShouldBe(1);

        (await client.QueryAsync(paidId)).Code.ShouldBe("400202");
        (await client.CreateOrderAsync(Orders.V2(tradeNo: "reuseme1"))).ShouldBeGreaterThan(0);
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("995.00000000");
        (await Server.BalanceUnitsAsync($"merchant:{client.Merchant.MerchantId}", "USDT")).ShouldBe(500_000_000);
        (await Server.AuditAsync()).ShouldBeEmpty();
    }
}

public sealed class SqlitePaymentFlowTests(SqlitePaymentServer fixture) : PaymentFlowTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresPaymentFlowTests(PostgresPaymentServer fixture) : PaymentFlowTests(fixture), IClassFixture<PostgresPaymentServer>;
