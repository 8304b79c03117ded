using System.Globalization;
using Citrine.Client;
using Citrine.Client.Sandbox;
using Citrine.Contracts.DirectDebit;
using Citrine.Contracts.Merchants;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Refunds;
using Citrine.Server.Tests.DirectDebit;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;

namespace Citrine.Server.Tests.Declarations;

/// <summary>
/// Every field the SDK can send, sent: each request DTO fully populated (shipping, buyer, appId, goods details,
/// sub-merchant ids, contract cycles…) through the real <see cref="CitrineClient"/> against a live server, and each
/// answered with success. With <see cref="DtoParityTests"/> this ties the SDK's DTOs to the server's declarations.
/// </summary>
public abstract class FullySentRequestTests(ServerFixture fixture)
{
    private const string Hook = "https://merchant.example/webhook";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Every_order_refund_and_sub_merchant_field_of_the_SDK_is_accepted()
    {
        var (client, merchant) = await NewClientAsync();
        var sub = await client.SubMerchants.AddAsync(new SubMerchantAddRequest
        {
            MerchantName = "Ice Cream Kiosk",
            StoreType = -1,
            MerchantMcc = "9999",
            MerchantType = 4,
            Country = "CN,US",
            SiteUrl = "https://kiosk.example",
            Address = "1 Harbour Road, Singapore",
            PayIndustryDescription = "Ice cream kiosks",
            SubPayMccCode = "9999",
            SubPayIndustryDescription = "Cones",
            BrandLogo = "https://kiosk.example/logo.png",
            CompanyName = "Kiosk Pte Ltd",
            RegistrationNumber = "201912345K",
            RegistrationCountry = "SG",
            RegistrationAddress = "1 Harbour Road",
            IncorporationDate = 1_577_836_800_000,
            CertificateType = 2,
            CertificateCountry = "SG",
            CertificateNumber = "E1234567",
            CertificateValidDate = 1_893_456_000_000,
            ContractTimeIsv = 1_700_000_000_000,
            BlockPayerKycCountries = ["KP"],
            SiteType = 1,
            SiteName = "Kiosk",
        }, Ct);
        var modified = await client.SubMerchants.ModifyAsync(new SubMerchantModifyRequest
        {
            SubMerchantId = sub.SubMerchantId.ToString(CultureInfo.InvariantCulture),
            MerchantName = "Ice Cream Kiosk",
            StoreType = 1,
            MerchantMcc = "1040",
            Address = "2 Harbour Road, Singapore",
            BlockPayerKycCountries = ["KP", "IR"],
        }, Ct);
        modified.SubMerchantId.ShouldBe(sub.SubMerchantId);
        var subId = sub.SubMerchantId.ToString(CultureInfo.InvariantCulture);

        var v1 = await client.Orders.CreateAsync(new CreateOrderV1Request
        {
            MerchantId = merchant.MerchantId,
            SubMerchantId = sub.SubMerchantId,
            MerchantTradeNo = Orders.NewTradeNo(),
            TradeType = "WEB",
            TotalFee = 25.17m,
            Currency = "USDT",
            ProductType = "Food",
            ProductName = "Ice Cream",
            ProductDetail = "Greentea ice cream cone",
            ReturnUrl = "https://shop.example/return",
        }, Ct);
        v1.PrepayId.ShouldNotBeNullOrEmpty();

        var v2Request = V2(subId);
        var v2 = await client.Orders.CreateAsync(v2Request, Ct);
        v2.UniversalUrl.ShouldEndWith("&" + v2Request.UniversalUrlAttach);
        var v3Crypto = await client.Orders.CreateAsync(V3(subId) with { OrderAmount = 10m, Currency = "USDT" }, Ct);
        v3Crypto.TotalFee.ShouldBe(10m);
        var v3Fiat = await client.Orders.CreateAsync(V3(subId) with { FiatAmount = 20m, FiatCurrency = "EUR" }, Ct);
        v3Fiat.FiatCurrency.ShouldBe("EUR");

        var both = new OrderLookupRequest { PrepayId = v2.PrepayId, MerchantTradeNo = v2Request.MerchantTradeNo };
        (await client.Orders.GetAsync(both, Ct)).PassThroughInfo.ShouldBe(v2Request.PassThroughInfo);
        (await client.Orders.GetV1Async(both, Ct)).PrepayId.ShouldBe(v2.PrepayId);
        (await client.Orders.CloseAsync(new OrderLookupRequest
        {
            PrepayId = v3Crypto.PrepayId,
            MerchantTradeNo = "unusedwhenprepayidisgiven",
        }, Ct)).ShouldBeTrue();

        var buyerId = await Server.CreateBuyerAsync("Payer", new() { ["USDT"] = "100" });
        await client.Sandbox.PayOrderAsync(new SandboxPayRequest
        {
            PrepayId = v2.PrepayId,
            BuyerId = buyerId.ToString(CultureInfo.InvariantCulture),
            PayCurrency = "USDT",
        }, Ct);
        var refundRequestId = "rr" + Guid.NewGuid().ToString("N");
        var refund = await client.Refunds.CreateAsync(new RefundOrderRequest
        {
            RefundRequestId = refundRequestId,
            PrepayId = v2.PrepayId,
            RefundAmount = 1.5m,
            RefundReason = "melted",
            WebhookUrl = Hook,
        }, Ct);
        refund.RefundAmount.ShouldBe(1.5m);
        (await client.Refunds.GetAsync(new RefundQueryRequest { RefundRequestId = refundRequestId }, Ct))
            .RefundRequestId.ShouldBe(refundRequestId);
        (await client.Certificates.GetAsync(Ct)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Every_direct_debit_field_of_the_SDK_is_accepted()
    {
        var (client, merchant) = await NewClientAsync();
        await Server.SetDirectDebitAsync(merchant.MerchantId, enabled: true);
        var sub = await client.SubMerchants.AddAsync(new SubMerchantAddRequest
        {
            MerchantName = "Gym",
            StoreType = 1,
            MerchantMcc = "1005",
            Address = "3 Harbour Road",
        }, Ct);
        var subId = sub.SubMerchantId.ToString(CultureInfo.InvariantCulture);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var periodicCode = ContractBodies.NewCode();
        var periodic = await client.DirectDebit.CreateContractAsync(Contract(subId, periodicCode, nowMs) with
        {
            Periodic = true,
            CycleDebitFixed = false,
            CycleType = "DAY",
            CycleValue = 30,
            FirstDeductTime = nowMs + (long)TimeSpan.FromDays(2).TotalMilliseconds,
        }, Ct);
        periodic.PreContractId.ShouldNotBeNullOrEmpty();

        var code = ContractBodies.NewCode();
        await client.DirectDebit.CreateContractAsync(Contract(subId, code, nowMs), Ct);
        var buyerId = await Server.CreateBuyerAsync("Payer", new() { ["USDT"] = "100" });
        var contractId = (await Server.Signed(merchant).SignAsync(code, buyerId)).GetProperty("contractId").GetInt64();
        var byBoth = new ContractLookupRequest { ContractId = contractId, MerchantContractCode = code };
        (await client.DirectDebit.GetContractAsync(byBoth, Ct)).ContractId.ShouldBe(contractId);

        var notified = await client.DirectDebit.NotifyPaymentAsync(new PaymentNotifyRequest
        {
            SubMerchantId = subId,
            MerchantRequestId = "n" + Guid.NewGuid().ToString("N")[..16],
            TradeMode = DirectDebitNames.TradeMode,
            BizId = contractId,
            EstimatedAmount = 2m,
            Currency = "USDT",
        }, Ct);
        notified.OrderId.ShouldNotBeNullOrEmpty();
        var applied = await client.DirectDebit.ApplyPaymentAsync(new PaymentApplyRequest
        {
            SubMerchantId = subId,
            MerchantRequestId = "a" + Guid.NewGuid().ToString("N")[..16],
            TradeMode = DirectDebitNames.TradeMode,
            BizId = contractId,
            PreBizId = contractId,
            Amount = 2m,
            Currency = "USDT",
            ProductType = "Gym",
            ProductName = "Monthly membership",
            ProductDetail = "One month of gym access",
            WebhookUrl = Hook,
        }, Ct);
        applied.Status.ShouldBe("SUCCESS");
        (await client.DirectDebit.TerminateContractAsync(new TerminateContractRequest
        {
            ContractId = contractId,
            MerchantContractCode = code,
            TerminationNotes = "moved away",
        }, Ct)).ShouldBeTrue();
    }

    private async Task<(CitrineClient Client, TestMerchant Merchant)> NewClientAsync()
    {
        var merchant = await Server.CreateMerchantAsync();
        return (new CitrineClient(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0 }), merchant);
    }

    private static CreateOrderV2Request V2(string subMerchantId) => new()
    {
        Merchant = new OrderMerchant { SubMerchantId = subMerchantId },
        Env = Env(),
        MerchantTradeNo = Orders.NewTradeNo(),
        OrderAmount = 25.17m,
        Currency = "USDT",
        Goods = Goods("sku1"),
        Shipping = Shipping(),
        Buyer = Buyer(),
        ReturnUrl = "https://shop.example/return",
        CancelUrl = "https://shop.example/cancel",
        OrderExpireTime = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeMilliseconds(),
        SupportPayCurrency = "USDT,BNB",
        AppId = "wx1234567890",
        UniversalUrlAttach = "lang=en",
        PassThroughInfo = "{\"cart\":42}",
        WebhookUrl = Hook,
    };

    private static CreateOrderV3Request V3(string subMerchantId) => new()
    {
        Merchant = new OrderMerchant { SubMerchantId = subMerchantId },
        Env = Env(),
        MerchantTradeNo = Orders.NewTradeNo(),
        Description = "Two ice creams",
        GoodsDetails = [Goods("sku1"), Goods("sku2")],
        Shipping = Shipping(),
        Buyer = Buyer(),
        ReturnUrl = "https://shop.example/return",
        CancelUrl = "https://shop.example/cancel",
        OrderExpireTime = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeMilliseconds(),
        SupportPayCurrency = "USDT",
        AppId = "wx1234567890",
        UniversalUrlAttach = "lang=en",
        PassThroughInfo = "v3",
        WebhookUrl = Hook,
    };

    private static OrderEnv Env() => new()
    {
        TerminalType = "MINI_PROGRAM",
        OsType = "IOS",
        OrderClientIp = "203.0.113.7",
        CookieId = "cookie-1",
    };

    private static OrderGoods Goods(string sku) => new()
    {
        GoodsType = "01",
        GoodsCategory = "D000",
        ReferenceGoodsId = sku,
        GoodsName = "Ice Cream",
        GoodsDetail = "Greentea ice cream cone",
        GoodsUnitAmount = new GoodsUnitAmount { Currency = "USDT", Amount = 12.5m },
        GoodsQuantity = "2",
    };

    private static OrderShipping Shipping() => new()
    {
        ShippingName = new PersonName { FirstName = "Ada", MiddleName = "K", LastName = "Lovelace" },
        ShippingAddress = new ShippingAddress
        {
            Region = "GB",
            State = "London",
            City = "London",
            Address = "12 St James's Square",
            ZipCode = "SW1Y 4JH",
            ShippingAddressType = "01",
        },
        ShippingPhoneNo = "+44 20 7946 0000",
    };

    private static OrderBuyer Buyer() => new()
    {
        ReferenceBuyerId = "buyer-7",
        BuyerName = new PersonName { FirstName = "Ada", LastName = "Lovelace" },
        BuyerPhoneCountryCode = "44",
        BuyerPhoneNo = "2079460000",
        BuyerEmail = "ada@example.com",
        BuyerRegistrationTime = 1_700_000_000_000,
        BuyerBrowserLanguage = "en-GB",
    };

    private static CreateContractRequest Contract(string subMerchantId, string code, long nowMs) => new()
    {
        SubMerchantId = subMerchantId,
        MerchantContractCode = code,
        ServiceName = "Gym membership",
        ScenarioCode = "Membership",
        SingleUpperLimit = 5m,
        Currency = "USDT",
        Periodic = false,
        MerchantAccountNo = "ada@example.com",
        RequestExpireTime = nowMs + (long)TimeSpan.FromHours(2).TotalMilliseconds,
        ContractEndTime = nowMs + (long)TimeSpan.FromDays(365).TotalMilliseconds,
        WebhookUrl = Hook,
    };
}

public sealed class SqliteFullySentRequestTests(SqlitePaymentServer fixture)
    : FullySentRequestTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresFullySentRequestTests(PostgresPaymentServer fixture)
    : FullySentRequestTests(fixture), IClassFixture<PostgresPaymentServer>;
