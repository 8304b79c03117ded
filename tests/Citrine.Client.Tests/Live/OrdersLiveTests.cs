using Citrine.Client.Tests.Infrastructure;
using Citrine.Testing;
using Citrine.Contracts;
using Citrine.Contracts.Merchants;
using Citrine.Contracts.Orders;

namespace Citrine.Client.Tests.Live;

/// <summary>Every order and sub-merchant method of the SDK against a real Citrine on loopback.</summary>
public abstract class OrdersLiveTests(ServerFixture fixture)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_v2_returns_the_prepayId_and_a_checkout_link_on_the_server()
    {
        var (client, _) = await fixture.NewClientAsync();
        var request = Requests.V2();

        var order = await client.Orders.CreateAsync(request, Ct);

        order.PrepayId.ShouldNotBeNullOrEmpty();
        order.TerminalType.ShouldBe("WEB");
        order.CheckoutUrl.ShouldStartWith(fixture.Server.BaseUri.ToString().TrimEnd('/'));
        order.ExpireTime.ShouldBeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var queried = await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);
        queried.PrepayId.ShouldBe(order.PrepayId);
        queried.Status.ShouldBe(OrderStatusNames.Initial);
        queried.OrderAmount.ShouldBe(25.17m);
        queried.Currency.ShouldBe("USDT");
    }

    [Fact]
    public async Task CreateAsync_v3_answers_currency_and_totalFee()
    {
        var (client, _) = await fixture.NewClientAsync();

        var order = await client.Orders.CreateAsync(Requests.V3(), Ct);

        order.TerminalType.ShouldBe("APP");
        order.Currency.ShouldBe("USDT");
        order.TotalFee.ShouldBe(10m);
    }

    [Fact]
    public async Task CreateAsync_v1_answers_tradeType_and_reads_its_string_expireTime()
    {
        var (client, merchant) = await fixture.NewClientAsync();
        var request = Requests.V1(merchant.MerchantId);

        var order = await client.Orders.CreateAsync(request, Ct);

        order.TradeType.ShouldBe("APP");
        order.ExpireTime.ShouldBeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var v1 = await client.Orders.GetV1Async(Requests.ByPrepayId(order.PrepayId), Ct);
        v1.TotalFee.ShouldBe(25.17m);
        v1.TradeType.ShouldBe("APP");
        v1.ProductName.ShouldBe("Ice Cream");
        v1.OrderAmount.ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_by_prepayId_and_by_merchantTradeNo_find_the_same_order()
    {
        var (client, merchant) = await fixture.NewClientAsync();
        var request = Requests.V2();
        var order = await client.Orders.CreateAsync(request, Ct);

        var byId = await client.Orders.GetAsync(Requests.ByPrepayId(order.PrepayId), Ct);
        var byTradeNo = await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct);

        byId.ShouldBe(byTradeNo);
        byId.MerchantId.ShouldBe(merchant.MerchantId);
        byId.MerchantTradeNo.ShouldBe(request.MerchantTradeNo);
    }

    [Fact]
    public async Task CloseAsync_closes_an_open_order_and_a_second_close_throws_400204()
    {
        var (client, _) = await fixture.NewClientAsync();
        var request = Requests.V2();
        await client.Orders.CreateAsync(request, Ct);

        (await client.Orders.CloseAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct)).ShouldBeTrue();
        var again = await Should.ThrowAsync<CitrineApiException>(
            () => client.Orders.CloseAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct));

        again.Code.ShouldBe(ResultCodes.InvalidOrderStatus.Code);
        again.ResultCode.ShouldBe(ResultCodes.InvalidOrderStatus);
        again.CodeName.ShouldBe("INVALID_ORDER_STATUS");
        again.HttpStatus.ShouldBe(400);
        again.RawBody.ShouldContain("\"code\":\"400204\"");
        (await client.Orders.GetAsync(Requests.ByTradeNo(request.MerchantTradeNo), Ct)).Status
            .ShouldBe(OrderStatusNames.Canceled);
    }

    [Fact]
    public async Task A_reused_merchantTradeNo_on_a_first_attempt_throws_400201_and_is_not_recovered()
    {
        var (client, _) = await fixture.NewClientAsync();
        var request = Requests.V2();
        await client.Orders.CreateAsync(request, Ct);

        var duplicate = await Should.ThrowAsync<CitrineApiException>(() => client.Orders.CreateAsync(request, Ct));

        duplicate.Code.ShouldBe(ResultCodes.InvalidMerchantTradeNo.Code);
        duplicate.ErrorMessage.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task An_unknown_order_throws_400202()
    {
        var (client, _) = await fixture.NewClientAsync();

        var missing = await Should.ThrowAsync<CitrineApiException>(
            () => client.Orders.GetAsync(Requests.ByTradeNo("nosuchorder"), Ct));

        missing.ResultCode.ShouldBe(ResultCodes.OrderNotFound);
    }

    [Fact]
    public async Task A_wrong_secret_throws_400002_from_the_server()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        var client = fixture.ClientFor(merchant with { ApiSecret = new string('x', 64) });

        var refused = await Should.ThrowAsync<CitrineApiException>(() => client.Orders.CreateAsync(Requests.V2(), Ct));

        refused.ResultCode.ShouldBe(ResultCodes.InvalidSignature);
    }

    [Fact]
    public async Task SubMerchants_AddAsync_returns_an_id_that_orders_accept()
    {
        var (client, _) = await fixture.NewClientAsync();

        var sub = await client.SubMerchants.AddAsync(new SubMerchantAddRequest { MerchantName = "Kiosk", StoreType = 1, MerchantMcc = "1040", Address = "1 Road" }, Ct);
        var order = await client.Orders.CreateAsync(Requests.V2() with
        {
            Merchant = new OrderMerchant { SubMerchantId = sub.SubMerchantId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, Ct);

        sub.SubMerchantId.ShouldBeGreaterThan(0);
        order.PrepayId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task SubMerchants_ModifyAsync_replaces_the_fields_and_refuses_a_taken_name()
    {
        var (client, _) = await fixture.NewClientAsync();
        var first = await client.SubMerchants.AddAsync(new SubMerchantAddRequest
        {
            MerchantName = "Kiosk A",
            StoreType = 0,
            MerchantMcc = "9999",
            PayIndustryDescription = "Kites",
            SiteUrl = "https://kites.example",
        }, Ct);
        await client.SubMerchants.AddAsync(new SubMerchantAddRequest
        {
            MerchantName = "Kiosk B",
            StoreType = 1,
            MerchantMcc = "1040",
            Address = "1 Road",
        }, Ct);
        var id = first.SubMerchantId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var modified = await client.SubMerchants.ModifyAsync(new SubMerchantModifyRequest
        {
            SubMerchantId = id,
            MerchantName = "Kiosk A2",
            StoreType = 1,
            MerchantMcc = "1040",
            Address = "2 Road",
            BlockPayerKycCountries = ["KP"],
        }, Ct);
        var taken = await Should.ThrowAsync<CitrineApiException>(() => client.SubMerchants.ModifyAsync(
            new SubMerchantModifyRequest
            {
                SubMerchantId = id,
                MerchantName = "Kiosk B",
                StoreType = 1,
                MerchantMcc = "1040",
                Address = "2 Road",
            }, Ct));
        var unknown = await Should.ThrowAsync<CitrineApiException>(() => client.SubMerchants.ModifyAsync(
            new SubMerchantModifyRequest
            {
                SubMerchantId = "1000000000000001",
                MerchantName = "Kiosk C",
                StoreType = 1,
                MerchantMcc = "1040",
                Address = "2 Road",
            }, Ct));

        modified.SubMerchantId.ShouldBe(first.SubMerchantId);
        taken.ResultCode.ShouldBe(ResultCodes.SubMerchantExists);
        unknown.ResultCode.ShouldBe(ResultCodes.SubMerchantInvalid);
    }

    [Fact]
    public async Task Orders_VerifyPayerAsync_compares_the_KYC_profile_set_through_the_sandbox()
    {
        var (client, _) = await fixture.NewClientAsync();
        var buyer = await client.Sandbox.CreateBuyerAsync(new Sandbox.SandboxBuyerRequest
        {
            Name = "Kyc Buyer",
            FirstName = "Ann",
            LastName = "Lee",
            DateOfBirth = "1990-01-31",
            Nationality = "SG",
        }, Ct);
        var binanceId = buyer.GetProperty("binanceId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var buyerId = buyer.GetProperty("buyerId").GetInt64();

        var match = await client.Orders.VerifyPayerAsync(new PayerVerificationRequest
        {
            BinanceId = binanceId,
            PayerType = "INDIVIDUAL",
            Information =
            [
                new PayerInformation { Category = "FIRST_NAME", Value = "Ann" },
                new PayerInformation { Category = "DATE_OF_BIRTH", Value = "1990-01-31" },
            ],
        }, Ct);
        var mismatch = await client.Orders.VerifyPayerAsync(new PayerVerificationRequest
        {
            BinanceId = binanceId,
            PayerType = "INDIVIDUAL",
            Information = [new PayerInformation { Category = "NATIONALITY", Value = "US" }],
        }, Ct);
        await client.Sandbox.SetBuyerKycAsync(new Sandbox.SandboxBuyerKycRequest
        {
            BuyerId = buyerId,
            FirstName = "Ann",
            KycIncomplete = true,
        }, Ct);
        var incomplete = await Should.ThrowAsync<CitrineApiException>(() => client.Orders.VerifyPayerAsync(
            new PayerVerificationRequest { BinanceId = binanceId, PayerType = "INDIVIDUAL" }, Ct));
        var unknown = await Should.ThrowAsync<CitrineApiException>(() => client.Orders.VerifyPayerAsync(
            new PayerVerificationRequest { AccountId = "1", PayerType = "INDIVIDUAL" }, Ct));

        match.ShouldBeTrue();
        mismatch.ShouldBeFalse();
        incomplete.ResultCode.ShouldBe(ResultCodes.PayerKycIncomplete);
        unknown.ResultCode.ShouldBe(ResultCodes.AccountNotFound);
    }

    [Fact]
    public async Task A_rejected_field_is_reported_with_its_code_and_message()
    {
        var (client, _) = await fixture.NewClientAsync();

        var refused = await Should.ThrowAsync<CitrineApiException>(
            () => client.Orders.CreateAsync(Requests.V2(currency: "DOGE"), Ct));

        refused.ResultCode.ShouldBe(ResultCodes.InvalidParamWrongValue);
        refused.ErrorMessage!.ShouldContain("currency");
    }
}

public sealed class SqliteOrdersLiveTests(SqliteServer fixture) : OrdersLiveTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresOrdersLiveTests(PostgresServer fixture) : OrdersLiveTests(fixture), IClassFixture<PostgresServer>;
