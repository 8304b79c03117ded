using System.Globalization;
using Citrine.Client;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Partners;
using Citrine.Server.Tests.Payments;
using Citrine.Testing;
using static Citrine.Server.Tests.Partners.PartnerKit;

namespace Citrine.Server.Tests.Partners;

/// <summary>The SDK's <see cref="PartnersClient"/> and partner sandbox helpers against a live server: share account id
/// and its approval, the provider calls, a delegated v3 order through <see cref="CitrineClientOptions.AuthorizationToken"/>
/// that takes a merchant QR code's referId, and a refusal as <see cref="CitrineApiException"/>.</summary>
public abstract class PartnerSdkTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private CitrineClient Client(TestMerchant merchant, string? token = null) =>
        new(Server.BaseUri, new CitrineCredential(merchant.ApiKey, merchant.ApiSecret),
            new CitrineClientOptions { MaxRetries = 0, AuthorizationToken = token });

    [Fact]
    public async Task Share_account_id_and_its_approval_through_the_sdk()
    {
        var merchant = await Server.CreateMerchantAsync("Sdk Share Shop");
        var client = Client(merchant);
        var (buyerId, binanceId) = await OwnBuyerAsync(Server.Signed(merchant), "Sdk Sharer");
        var requestId = NewRequestId();
        var shared = await client.Partners.ShareAccountIdAsync(new ShareAccountIdRequest { RequestId = requestId });
        shared.MerchantId.ShouldBe(merchant.MerchantId);
        shared.QrcodeContent.ShouldContain("/share/");
        (await client.Partners.ShareAccountIdAsync(new ShareAccountIdRequest { RequestId = requestId })).Id
            .ShouldBe(shared.Id);

        var approved = await client.Sandbox.ApproveShareAsync(requestId, buyerId);
        approved.GetProperty("userBinanceId").GetString().ShouldBe(binanceId);
        var again = await Should.ThrowAsync<CitrineApiException>(() => client.Sandbox.ApproveShareAsync(requestId, buyerId));
        again.Code.ShouldBe("400001");
    }

    [Fact]
    public async Task A_provider_is_authorised_and_creates_a_v3_order_for_the_merchant_from_its_QR_scan()
    {
        var providerMerchant = await Server.CreateMerchantAsync("Sdk Provider");
        var target = await Server.CreateMerchantAsync("Sdk Target");
        var provider = Client(providerMerchant);
        var refused = await Should.ThrowAsync<CitrineApiException>(() => provider.Partners.GetProviderConfigAsync());
        refused.Code.ShouldBe("400606");

        await TspKit.MakeProviderAsync(Server, providerMerchant.MerchantId, "CHECKOUT");
        (await provider.Partners.GetProviderConfigAsync()).AllowScopes.ShouldBe(["CHECKOUT"]);
        var created = await provider.Partners.RequestAuthorizationAsync(new TspCreateRequest
        {
            MerchantId = target.MerchantId.ToString(CultureInfo.InvariantCulture),
            Scopes = ["CHECKOUT"],
            IpWhitelist = ["203.0.113.7"],
        });
        created.Status.ShouldBe("PENDING");
        (await Server.ReviewAuthorizationAsync(created.AuthorizationId, target, "approve")).ShouldBe(200);
        var record = await provider.Partners.GetAuthorizationAsync(new TspRecordGetRequest
        {
            MerchantId = target.MerchantId.ToString(CultureInfo.InvariantCulture),
        });
        record.Status.ShouldBe("AUTHORIZED");
        var page = await provider.Partners.ListAuthorizationsAsync(new TspRecordPageRequest { Page = 1, Rows = 10 });
        page.Total.ShouldBe(1);

        var scan = await Client(target).Sandbox.ScanMerchantQrAsync("https://pay.partner.example/qr/sdk");
        var referId = scan.GetProperty("referId").GetString()!;
        var delegated = Client(providerMerchant, record.AuthorizationToken);
        var order = await delegated.Orders.CreateAsync(new CreateOrderV3Request
        {
            Env = new OrderEnv { TerminalType = "APP" },
            MerchantTradeNo = Orders.NewTradeNo(),
            OrderAmount = 5m,
            Currency = "USDT",
            Description = "Scanned",
            QrCodeReferId = referId,
        });
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m AND prepay_id = @p",
            ("@m", target.MerchantId), ("@p", long.Parse(order.PrepayId, CultureInfo.InvariantCulture)))).ShouldBe(1);
        var outOfScope = await Should.ThrowAsync<CitrineApiException>(() => delegated.Wallets.GetBalancesAsync(new() { Wallet = "FUNDING_WALLET" }));
        outOfScope.Code.ShouldBe("400606");
    }
}

public sealed class SqlitePartnerSdkTests(SqlitePaymentServer fixture)
    : PartnerSdkTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresPartnerSdkTests(PostgresPaymentServer fixture)
    : PartnerSdkTests(fixture), IClassFixture<PostgresPaymentServer>;
