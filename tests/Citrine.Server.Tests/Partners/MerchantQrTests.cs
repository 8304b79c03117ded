using System.Text.Json;
using Citrine.Server.Tests.Payments;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using static Citrine.Server.Tests.Partners.PartnerKit;

namespace Citrine.Server.Tests.Partners;

/// <summary>Merchant QR codes over real HTTP (docs/api-reference.md#merchant-qr-codes): the sandbox scan sends a
/// verified MERCHANT_QR_CODE webhook whose data is a JSON object, and a v3 order takes its referId once.</summary>
public abstract class MerchantQrTests(ServerFixture fixture)
{
    private const string V3 = "/binancepay/openapi/v3/order";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_scan_sends_MERCHANT_QR_CODE_with_an_object_data_verified_as_the_reference_says()
    {
        await using var site = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync("QR Shop", site.Url));
        var certificates = await WebhookKit.CertificatesAsync(client);
        var scan = await client.PostAsync(ScanPath, new
        {
            qrContent = "https://pay.partner.example/qr/1",
            qrCodeType = "USER_INPUT_AMOUNT",
            amount = "12.5",
            currency = "USDT",
        });
        scan.Code.ShouldBe("000000", scan.ToString());
        var referId = scan.Data.GetProperty("referId").GetString()!;

        var webhook = await NextOfTypeAsync(site, "MERCHANT_QR_CODE");
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var body = JsonDocument.Parse(webhook.Body).RootElement;
        body.GetProperty("bizStatus").GetString().ShouldBe("MERCHANT_QR_CODE_SCANED");
        body.GetProperty("bizIdStr").GetString().ShouldBe(referId);
        var data = body.GetProperty("data");
        data.ValueKind.ShouldBe(JsonValueKind.Object, "data is a JSON object for this bizType");
        data.GetProperty("qrContent").GetString().ShouldBe("https://pay.partner.example/qr/1");
        data.GetProperty("referId").GetString().ShouldBe(referId);
        data.GetProperty("qrCodeType").GetString().ShouldBe("USER_INPUT_AMOUNT");
        data.GetProperty("amount").GetString().ShouldBe("12.5");
        data.GetProperty("currency").GetString().ShouldBe("USDT");

        var fixedScan = await client.PostAsync(ScanPath, new { qrContent = "https://pay.partner.example/qr/2" });
        fixedScan.Data.GetProperty("qrCodeType").GetString().ShouldBe("FIXED_AMOUNT");
        fixedScan.Data.TryGetProperty("amount", out _).ShouldBeFalse();
        (await client.PostAsync(ScanPath, new { qrContent = "x", qrCodeType = "USER_INPUT_AMOUNT" })).Code
            .ShouldBe("400100");
    }

    [Fact]
    public async Task A_referId_is_single_use_and_only_its_merchants()
    {
        var a = Server.Signed(await Server.CreateMerchantAsync("Shop A"));
        var b = Server.Signed(await Server.CreateMerchantAsync("Shop B"));
        var referId = (await a.PostAsync(ScanPath, new { qrContent = "https://pay.partner.example/qr/a" }))
            .Data.GetProperty("referId").GetString()!;

        var foreign = Orders.V3();
        foreign["qrCodeReferId"] = referId;
        var refused = await b.PostAsync(V3, foreign);
        refused.Code.ShouldBe("400102", refused.ToString());
        refused.ErrorMessage!.ShouldContain("qrCodeReferId");

        var order = Orders.V3();
        order["qrCodeReferId"] = referId;
        var created = await a.PostAsync(V3, order);
        created.Code.ShouldBe("000000", created.ToString());
        (await Server.QueryDbAsync("SELECT order_prepay_id FROM merchant_qr_scans WHERE refer_id = @r",
            r => r.GetInt64(0), ("@r", long.Parse(referId, System.Globalization.CultureInfo.InvariantCulture))))
            .Single().ToString(System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(created.Data.GetProperty("prepayId").GetString());

        var reuse = Orders.V3();
        reuse["qrCodeReferId"] = referId;
        var again = await a.PostAsync(V3, reuse);
        again.Code.ShouldBe("400102", again.ToString());
        (await a.PostAsync(V3, Orders.V3())).Code.ShouldBe("000000", "a v3 order without qrCodeReferId is unchanged");
    }

    [Fact]
    public async Task A_refused_order_gives_its_referId_back()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("QR Shop"));
        var referId = (await client.PostAsync(ScanPath, new { qrContent = "https://pay.partner.example/qr/r" }))
            .Data.GetProperty("referId").GetString()!;
        var first = Orders.V3();
        (await client.PostAsync(V3, first)).Code.ShouldBe("000000");

        var duplicate = Orders.V3((string)first["merchantTradeNo"]!);
        duplicate["qrCodeReferId"] = referId;
        (await client.PostAsync(V3, duplicate)).Code.ShouldBe("400201");

        var retry = Orders.V3();
        retry["qrCodeReferId"] = referId;
        (await client.PostAsync(V3, retry)).Code.ShouldBe("000000", "the refused order did not use the referId");
    }
}

public sealed class SqliteMerchantQrTests(SqlitePaymentServer fixture)
    : MerchantQrTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresMerchantQrTests(PostgresPaymentServer fixture)
    : MerchantQrTests(fixture), IClassFixture<PostgresPaymentServer>;
