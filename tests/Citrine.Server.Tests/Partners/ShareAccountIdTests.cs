using System.Text.Json;
using Citrine.Server.Tests.Payments;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using static Citrine.Server.Tests.Partners.PartnerKit;

namespace Citrine.Server.Tests.Partners;

/// <summary>Share account id over real HTTP (docs/api-reference.md#share-account-id): the answer's shape and expiry,
/// the replay of a requestId, approval by a sandbox buyer with a verified SHARE_ACCOUNT_ID webhook (to the request's
/// webhookUrl), once only, expiry, and the buyers and merchants that may not approve.</summary>
public abstract class ShareAccountIdTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_request_answers_a_consent_link_expiring_in_one_hour_and_a_replay_answers_the_same_request()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Share Shop"));
        var requestId = NewRequestId();
        var before = NowMs();
        var first = await client.PostAsync(SharePath, new { requestId });
        first.Code.ShouldBe("000000", first.ToString());
        var data = first.Data;
        data.GetProperty("merchantId").GetInt64().ShouldBe(client.Merchant.MerchantId);
        data.GetProperty("requestId").GetString().ShouldBe(requestId);
        var id = data.GetProperty("id").GetString()!;
        id.Length.ShouldBeLessThanOrEqualTo(19);
        long.TryParse(id, out _).ShouldBeTrue();
        var expire = data.GetProperty("expireTime").GetInt64();
        expire.ShouldBeInRange(before + 3_600_000 - 5_000, NowMs() + 3_600_000 + 5_000);
        var content = data.GetProperty("qrcodeContent").GetString()!;
        content.ShouldStartWith(Server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + "/share/");
        content.Length.ShouldBeLessThanOrEqualTo(256);
        data.GetProperty("qrcodeUrl").GetString().ShouldBe(content + "/qr.png");

        using var png = await Server.Http.GetAsync(new Uri(data.GetProperty("qrcodeUrl").GetString()!).PathAndQuery);
        ((int)png.StatusCode).ShouldBe(200);
        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");

        using var page = await Server.Http.GetAsync(new Uri(content).PathAndQuery);
        ((int)page.StatusCode).ShouldBe(200);
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        (await page.Content.ReadAsStringAsync()).ShouldContain("data-status=\"CREATED\"");

        var replay = await client.PostAsync(SharePath, new { requestId, webhookUrl = "https://elsewhere.example/hook" });
        replay.Code.ShouldBe("000000", replay.ToString());
        replay.Data.GetRawText().ShouldBe(first.Data.GetRawText(), "a replayed requestId answers the stored request");
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM share_requests WHERE merchant_id = @m",
            ("@m", client.Merchant.MerchantId))).ShouldBe(1);
    }

    [Fact]
    public async Task Approval_sends_one_verified_SHARE_ACCOUNT_ID_webhook_to_the_requests_webhookUrl()
    {
        await using var merchantSite = await LoopbackReceiver.StartAsync();
        await using var requestSite = await LoopbackReceiver.StartAsync();
        var client = Server.Signed(await Server.CreateMerchantAsync("Share Shop", merchantSite.Url));
        var certificates = await WebhookKit.CertificatesAsync(client);
        var (buyerId, binanceId) = await OwnBuyerAsync(client, "Sharing Sam");
        var requestId = NewRequestId();
        var created = await client.PostAsync(SharePath, new { requestId, webhookUrl = requestSite.Url });
        created.Code.ShouldBe("000000", created.ToString());

        var approved = await client.PostAsync(ApprovePath, new { requestId, buyerId });
        approved.Code.ShouldBe("000000", approved.ToString());
        approved.Data.GetProperty("userBinanceId").GetString().ShouldBe(binanceId);

        var webhook = await NextOfTypeAsync(requestSite, "SHARE_ACCOUNT_ID");
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var body = JsonDocument.Parse(webhook.Body).RootElement;
        body.GetProperty("bizId").GetRawText().ShouldBe(created.Data.GetProperty("id").GetString());
        body.GetProperty("bizIdStr").GetString().ShouldBe(created.Data.GetProperty("id").GetString());
        body.GetProperty("bizStatus").GetString().ShouldBe("SUCCESS");
        var data = JsonDocument.Parse(body.GetProperty("data").GetString()!).RootElement;
        data.GetProperty("requestId").GetString().ShouldBe(requestId);
        data.GetProperty("userBinanceId").GetString().ShouldBe(binanceId);
        data.GetProperty("userName").GetString().ShouldBe("Sharing Sam");
        data.EnumerateObject().Select(p => p.Name).ShouldBe(["requestId", "userBinanceId", "userName"]);

        var again = await client.PostAsync(ApprovePath, new { requestId, buyerId });
        again.Code.ShouldBe("400001", again.ToString());
        again.ErrorMessage!.ShouldContain("already shared");
        (await OutboxCountAsync(Server, client.Merchant.MerchantId, "SHARE_ACCOUNT_ID")).ShouldBe(1);
        merchantSite.All.ShouldBeEmpty("the request's webhookUrl overrides the merchant's");
    }

    [Fact]
    public async Task An_expired_request_cannot_be_approved_and_sends_nothing()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync("Late Shop"));
        var (buyerId, _) = await OwnBuyerAsync(client, "Late Larry");
        var requestId = NewRequestId();
        var created = await client.PostAsync(SharePath, new { requestId });
        created.Code.ShouldBe("000000", created.ToString());
        await AdvanceAsync(client, 3_600_000 + 1_000);

        var approved = await client.PostAsync(ApprovePath, new { requestId, buyerId });
        approved.Code.ShouldBe("400001", approved.ToString());
        approved.ErrorMessage!.ShouldContain("expired");
        var content = created.Data.GetProperty("qrcodeContent").GetString()!;
        var html = await Server.Http.GetStringAsync(new Uri(content).PathAndQuery);
        html.ShouldContain("data-status=\"EXPIRED\"");
        html.ShouldNotContain("id=\"approve\"");
        (await OutboxCountAsync(Server, client.Merchant.MerchantId, "SHARE_ACCOUNT_ID")).ShouldBe(0);
    }

    [Fact]
    public async Task Only_buyers_the_merchant_may_use_approve_and_another_merchant_cannot_name_the_request()
    {
        var a = Server.Signed(await Server.CreateMerchantAsync("Shop A"));
        var b = Server.Signed(await Server.CreateMerchantAsync("Shop B"));
        var (bBuyer, _) = await OwnBuyerAsync(b, "B's buyer");
        var requestId = NewRequestId();
        (await a.PostAsync(SharePath, new { requestId })).Code.ShouldBe("000000");

        var foreignBuyer = await a.PostAsync(ApprovePath, new { requestId, buyerId = bBuyer });
        foreignBuyer.Code.ShouldBe("409002", foreignBuyer.ToString());
        var foreignRequest = await b.PostAsync(ApprovePath, new { requestId, buyerId = bBuyer });
        foreignRequest.Code.ShouldBe("400001", foreignRequest.ToString());
        foreignRequest.ErrorMessage!.ShouldContain("no such share request");

        // The same requestId is B's own, separate request.
        var bOwn = await b.PostAsync(SharePath, new { requestId });
        bOwn.Code.ShouldBe("000000");
        (await b.PostAsync(ApprovePath, new { requestId, buyerId = bBuyer })).Code.ShouldBe("000000");
        (await OutboxCountAsync(Server, a.Merchant.MerchantId, "SHARE_ACCOUNT_ID")).ShouldBe(0);
        (await OutboxCountAsync(Server, b.Merchant.MerchantId, "SHARE_ACCOUNT_ID")).ShouldBe(1);
    }

    [Fact]
    public async Task Field_rules_refuse_a_missing_or_malformed_requestId_and_an_unknown_subMerchantId()
    {
        var client = Server.Signed(await Server.CreateMerchantAsync());
        (await client.PostAsync(SharePath, new { })).Code.ShouldBe("400100");
        (await client.PostAsync(SharePath, new { requestId = "has-dash" })).Code.ShouldBe("400103");
        (await client.PostAsync(SharePath, new { requestId = new string('a', 33) })).Code.ShouldBe("400101");
        var sub = await client.PostAsync(SharePath, new { requestId = NewRequestId(), subMerchantId = "12345" });
        sub.Code.ShouldBe("400206", sub.ToString());
    }
}

public sealed class SqliteShareAccountIdTests(SqlitePaymentServer fixture)
    : ShareAccountIdTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresShareAccountIdTests(PostgresPaymentServer fixture)
    : ShareAccountIdTests(fixture), IClassFixture<PostgresPaymentServer>;
