using System.Globalization;
using System.Text.Json;
using Citrine.Server.Tests.Payments;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using static Citrine.Server.Tests.Partners.PartnerKit;
using static Citrine.Server.Tests.Partners.TspKit;

namespace Citrine.Server.Tests.Partners;

/// <summary>Technical service providers over real HTTP (docs/api-reference.md#technical-service-providers): the
/// provider role, authorisation requests and their records, and the delegated-call rule — a provider acts only for a
/// merchant that authorised it, only while the authorisation is AUTHORIZED and only within its scopes, every refusal
/// 400606 (docs/compatibility.md#technical-service-providers).</summary>
public abstract class TspTests(ServerFixture fixture)
{
    private const string Create = TspPrefix + "create";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Only_a_provider_calls_the_provider_endpoints_and_config_shows_its_scopes()
    {
        var merchant = Server.Signed(await Server.CreateMerchantAsync("Plain Shop"));
        foreach (var path in new[] { "config/query", "record" })
        {
            var refused = await merchant.PostAsync(TspPrefix + path, new { page = 1, rows = 10 });
            refused.Code.ShouldBe("400606", refused.ToString());
        }

        await MakeProviderAsync(Server, merchant.Merchant.MerchantId, "CHECKOUT", "BALANCE");
        var config = await merchant.PostRawAsync(TspPrefix + "config/query", "");
        config.Code.ShouldBe("000000", config.ToString());
        config.Data.GetProperty("allowFeeShare").GetBoolean().ShouldBeFalse();
        config.Data.GetProperty("allowScopes").EnumerateArray().Select(s => s.GetString())
            .ShouldBe(["CHECKOUT", "BALANCE"]);

        var outside = await merchant.PostAsync(Create, new
        {
            merchantId = Id((await Server.CreateMerchantAsync()).MerchantId),
            scopes = new[] { "PAYOUT" },
            ipWhitelist = new[] { "203.0.113.7" },
        });
        outside.Code.ShouldBe("400102", outside.ToString());
        var unknown = await merchant.PostAsync(Create,
            new { merchantId = "1", scopes = new[] { "CHECKOUT" }, ipWhitelist = new[] { "203.0.113.7" } });
        unknown.Code.ShouldBe("400001", unknown.ToString());
        var self = await merchant.PostAsync(Create, new
        {
            merchantId = Id(merchant.Merchant.MerchantId),
            scopes = new[] { "CHECKOUT" },
            ipWhitelist = new[] { "1.2.3.4" },
        });
        self.Code.ShouldBe("400001", self.ToString());
        (await merchant.PostAsync(Create, new { merchantId = "1", scopes = new[] { "CHECKOUT" } })).Code
            .ShouldBe("400100");
    }

    [Fact]
    public async Task A_request_is_PENDING_with_a_redirect_to_the_review_page_and_asking_again_answers_the_same_record()
    {
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider"));
        var target = await Server.CreateMerchantAsync("Target Shop");
        await MakeProviderAsync(Server, provider.Merchant.MerchantId);
        var body = new
        {
            merchantId = Id(target.MerchantId),
            scopes = new[] { "CHECKOUT", "REFUND" },
            ipWhitelist = new[] { "203.0.113.7", "198.51.100.1" },
        };
        var first = await provider.PostAsync(Create, body);
        first.Code.ShouldBe("000000", first.ToString());
        var data = first.Data;
        data.GetProperty("status").GetString().ShouldBe("PENDING");
        data.GetProperty("merchantId").GetString().ShouldBe(Id(target.MerchantId));
        data.GetProperty("merchantName").GetString().ShouldBe("Target Shop");
        data.GetProperty("authorizationToken").GetString().ShouldBe("");
        data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["CHECKOUT", "REFUND"]);
        data.GetProperty("ipWhitelist").EnumerateArray().Select(s => s.GetString())
            .ShouldBe(["203.0.113.7", "198.51.100.1"]);
        var id = data.GetProperty("authorizationId").GetString()!;
        data.GetProperty("redirectUrl").GetString()!.ShouldEndWith("/tsp/review-authorization?authId=" + id);

        var again = await provider.PostAsync(Create, body);
        again.Data.GetProperty("authorizationId").GetString().ShouldBe(id);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM tsp_authorizations WHERE provider_id = @p",
            ("@p", provider.Merchant.MerchantId))).ShouldBe(1);
    }

    [Fact]
    public async Task A_provider_sees_only_its_own_authorisations_paged()
    {
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider"));
        var other = Server.Signed(await Server.CreateMerchantAsync("Other Provider"));
        await MakeProviderAsync(Server, other.Merchant.MerchantId);
        var targets = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var target = await Server.CreateMerchantAsync($"Target {i}");
            await RequestAsync(Server, provider, target.MerchantId, "CHECKOUT");
            targets.Add(target.MerchantId);
        }

        var page1 = await provider.PostAsync(TspPrefix + "record", new { page = 1, rows = 2 });
        page1.Code.ShouldBe("000000", page1.ToString());
        page1.Data.GetProperty("total").GetInt64().ShouldBe(3);
        page1.Data.GetProperty("rows").GetArrayLength().ShouldBe(2);
        var page2 = await provider.PostAsync(TspPrefix + "record", new { page = 2, rows = 2 });
        page2.Data.GetProperty("rows").GetArrayLength().ShouldBe(1);
        var all = page1.Data.GetProperty("rows").EnumerateArray().Concat(page2.Data.GetProperty("rows").EnumerateArray())
            .Select(r => long.Parse(r.GetProperty("merchantId").GetString()!, CultureInfo.InvariantCulture));
        all.ShouldBe(targets, ignoreOrder: true);
        var filtered = await provider.PostAsync(TspPrefix + "record", new { page = 1, rows = 10, merchantId = Id(targets[1]) });
        filtered.Data.GetProperty("total").GetInt64().ShouldBe(1);
        (await provider.PostAsync(TspPrefix + "record", new { page = 1, rows = 11 })).Code.ShouldBe("400102");

        var foreign = await other.PostAsync(TspPrefix + "record", new { page = 1, rows = 10 });
        foreign.Data.GetProperty("total").GetInt64().ShouldBe(0);
        var foreignGet = await other.PostAsync(TspPrefix + "record/get", new { merchantId = Id(targets[0]) });
        foreignGet.Code.ShouldBe("400001", foreignGet.ToString());
    }

    [Fact]
    public async Task An_in_scope_delegated_order_lands_on_the_authorising_merchant()
    {
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider"));
        var target = await Server.CreateMerchantAsync("Target Shop");
        var token = await AuthorizedTokenAsync(Server, provider, target, "CHECKOUT");

        var created = await DelegatedAsync(provider, token, "/binancepay/openapi/v2/order", Orders.V2());
        created.Code.ShouldBe("000000", created.ToString());
        var prepayId = created.Data.GetProperty("prepayId").GetString()!;
        (await Server.Signed(target).PostAsync("/binancepay/openapi/v2/order/query", new { prepayId }))
            .Data.GetProperty("status").GetString().ShouldBe("INITIAL");
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m",
            ("@m", provider.Merchant.MerchantId))).ShouldBe(0);
        var delegatedQuery = await DelegatedAsync(provider, token, "/binancepay/openapi/v2/order/query", new { prepayId });
        delegatedQuery.Code.ShouldBe("000000", delegatedQuery.ToString());
        (await provider.PostAsync("/binancepay/openapi/v2/order/query", new { prepayId })).Code.ShouldBe("400202");
    }

    [Fact]
    public async Task Delegated_calls_are_refused_without_consent_outside_the_scopes_and_once_disabled()
    {
        await using var providerSite = await LoopbackReceiver.StartAsync();
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider", providerSite.Url));
        var target = await Server.CreateMerchantAsync("Target Shop");
        var stranger = Server.Signed(await Server.CreateMerchantAsync("Stranger"));
        await MakeProviderAsync(Server, stranger.Merchant.MerchantId);

        var unknown = await DelegatedAsync(provider, "0123456789abcdef0123456789abcdef", "/binancepay/openapi/v2/order",
            Orders.V2());
        unknown.Code.ShouldBe("400606", unknown.ToString());
        var (_, pendingId) = await RequestAsync(Server, provider, target.MerchantId, "CHECKOUT");
        var pending = await DelegatedAsync(provider, "", "/binancepay/openapi/v2/order", Orders.V2());
        pending.Code.ShouldBe("400606", "a PENDING authorisation has no token yet");

        (await Server.ReviewAuthorizationAsync(pendingId, target, "approve")).ShouldBe(200);
        var token = (await provider.PostAsync(TspPrefix + "record/get", new { merchantId = Id(target.MerchantId) }))
            .Data.GetProperty("authorizationToken").GetString()!;
        var outOfScope = await DelegatedAsync(provider, token, "/binancepay/openapi/v2/balance", new { });
        outOfScope.Code.ShouldBe("400606", outOfScope.ToString());
        outOfScope.ErrorMessage!.ShouldContain("BALANCE");
        var notDelegable = await DelegatedAsync(provider, token, SharePath, new { requestId = NewRequestId() });
        notDelegable.Code.ShouldBe("400606", notDelegable.ToString());
        var otherProvider = await DelegatedAsync(stranger, token, "/binancepay/openapi/v2/order", Orders.V2());
        otherProvider.Code.ShouldBe("400606", "the token belongs to another provider");
        (await DelegatedAsync(provider, token, "/binancepay/openapi/v2/order", Orders.V2())).Code.ShouldBe("000000");

        var disabled = await Server.AdminPostAsync($"/admin/service-provider/authorizations/{pendingId}/disable", new { });
        disabled.Code.ShouldBe("000000", disabled.ToString());
        disabled.Data.GetProperty("status").GetString().ShouldBe("DISABLED");
        var afterDisable = await DelegatedAsync(provider, token, "/binancepay/openapi/v2/order", Orders.V2());
        afterDisable.Code.ShouldBe("400606", afterDisable.ToString());
        afterDisable.ErrorMessage!.ShouldContain("DISABLED");
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND biz_type = 'TECH_PROVIDER' AND biz_status = @s",
            ("@m", provider.Merchant.MerchantId), ("@s", "TP_AUTH_DISABLED"))).ShouldBe(1);
        (await Server.Database.CountAsync("SELECT COUNT(*) FROM orders WHERE merchant_id = @m",
            ("@m", target.MerchantId))).ShouldBe(1, "only the in-scope call while AUTHORIZED created an order");
    }

    [Fact]
    public async Task Changing_the_scopes_sends_TP_AUTH_CHANGED_with_the_same_token_and_delegated_calls_follow_them()
    {
        await using var providerSite = await LoopbackReceiver.StartAsync();
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider", providerSite.Url));
        var target = await Server.CreateMerchantAsync("Target Shop");
        var certificates = await WebhookKit.CertificatesAsync(provider);
        var token = await AuthorizedTokenAsync(Server, provider, target, "CHECKOUT");
        var id = (await provider.PostAsync(TspPrefix + "record/get", new { merchantId = Id(target.MerchantId) }))
            .Data.GetProperty("authorizationId").GetString()!;
        JsonDocument.Parse((await NextOfTypeAsync(providerSite, "TECH_PROVIDER")).Body).RootElement
            .GetProperty("bizStatus").GetString().ShouldBe("SUBMIT_AUTH_AGREE");
        (await DelegatedAsync(provider, token, "/binancepay/openapi/v2/balance", new { })).Code.ShouldBe("400606");

        var changed = await Server.AdminPostAsync(ScopesPath(id), new { scopes = new[] { "BALANCE", "REFUND" } });
        changed.Code.ShouldBe("000000", changed.ToString());
        changed.Data.GetProperty("status").GetString().ShouldBe("AUTHORIZED");
        changed.Data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BALANCE", "REFUND"]);

        var webhook = await NextOfTypeAsync(providerSite, "TECH_PROVIDER");
        ReferenceWebhookVerifier.Verifies(webhook, certificates).ShouldBeTrue(webhook.BodyText);
        var body = JsonDocument.Parse(webhook.Body).RootElement;
        body.GetProperty("bizStatus").GetString().ShouldBe("TP_AUTH_CHANGED");
        body.GetProperty("bizIdStr").GetString().ShouldBe(id);
        var data = JsonDocument.Parse(body.GetProperty("data").GetString()!).RootElement;
        data.GetProperty("authorizationToken").GetString().ShouldBe(token, "a change keeps the token");
        data.GetProperty("merchantId").GetInt64().ShouldBe(target.MerchantId);
        data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BALANCE", "REFUND"]);

        // Delegated calls follow the new scopes at once, with the same token.
        var balance = await DelegatedAsync(provider, token, "/binancepay/openapi/v2/balance", new { wallet = "FUNDING_WALLET" });
        balance.Code.ShouldBe("000000", balance.ToString());
        var order = await DelegatedAsync(provider, token, "/binancepay/openapi/v2/order", Orders.V2());
        order.Code.ShouldBe("400606", order.ToString());
        order.ErrorMessage!.ShouldContain("CHECKOUT");
        var record = await provider.PostAsync(TspPrefix + "record/get", new { merchantId = Id(target.MerchantId) });
        record.Data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BALANCE", "REFUND"]);
        record.Data.GetProperty("authorizationToken").GetString().ShouldBe(token);

        // The same scopes again change nothing and send nothing.
        (await Server.AdminPostAsync(ScopesPath(id), new { scopes = new[] { "REFUND", "BALANCE" } })).Code
            .ShouldBe("000000");
        (await Server.Database.CountAsync(
            "SELECT COUNT(*) FROM webhook_outbox WHERE merchant_id = @m AND biz_status = 'TP_AUTH_CHANGED'",
            ("@m", provider.Merchant.MerchantId))).ShouldBe(1);

        // Only scopes the provider may still ask for; at least one; only while AUTHORIZED.
        await MakeProviderAsync(Server, provider.Merchant.MerchantId, "BALANCE", "REFUND");
        var outside = await Server.AdminPostAsync(ScopesPath(id), new { scopes = new[] { "PAYOUT" } });
        outside.Code.ShouldBe("400102", outside.ToString());
        outside.ErrorMessage!.ShouldContain("PAYOUT");
        (await Server.AdminPostAsync(ScopesPath(id), new { scopes = Array.Empty<string>() })).Code.ShouldBe("400100");
        (await Server.AdminPostAsync(ScopesPath(id), new { scopes = new[] { "NOT_A_SCOPE" } })).Code
            .ShouldNotBe("000000");
        (await Server.AdminPostAsync(ScopesPath("1"), new { scopes = new[] { "BALANCE" } })).Code.ShouldBe("400001");
        (await Server.AdminPostAsync($"/admin/service-provider/authorizations/{id}/disable", new { })).Code
            .ShouldBe("000000");
        var afterDisable = await Server.AdminPostAsync(ScopesPath(id), new { scopes = new[] { "BALANCE" } });
        afterDisable.Code.ShouldBe("400001", afterDisable.ToString());
        afterDisable.ErrorMessage!.ShouldContain("DISABLED");
        record = await provider.PostAsync(TspPrefix + "record/get", new { merchantId = Id(target.MerchantId) });
        record.Data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BALANCE", "REFUND"],
            "a refused change leaves the scopes as they were");
    }

    private static string ScopesPath(string authorizationId) =>
        $"/admin/service-provider/authorizations/{authorizationId}/scopes";

    [Fact]
    public async Task A_rejected_authorisation_gives_no_token_and_a_new_request_makes_it_PENDING_again()
    {
        var provider = Server.Signed(await Server.CreateMerchantAsync("Provider"));
        var target = await Server.CreateMerchantAsync("Target Shop");
        var (_, id) = await RequestAsync(Server, provider, target.MerchantId, "CHECKOUT");
        (await Server.ReviewAuthorizationAsync(id, target, "reject")).ShouldBe(200);
        (await Server.ReviewAuthorizationAsync(id, target, "approve")).ShouldBe(400, "an answered request stays answered");
        var record = await provider.PostAsync(TspPrefix + "record/get", new { merchantId = Id(target.MerchantId) });
        record.Data.GetProperty("status").GetString().ShouldBe("REJECTED");
        record.Data.GetProperty("authorizationToken").GetString().ShouldBe("");

        var again = await provider.PostAsync(Create,
            new { merchantId = Id(target.MerchantId), scopes = new[] { "REFUND" }, ipWhitelist = new[] { "1.2.3.4" } });
        again.Data.GetProperty("status").GetString().ShouldBe("PENDING");
        again.Data.GetProperty("authorizationId").GetString().ShouldBe(id);
        again.Data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["REFUND"]);
    }
}

public sealed class SqliteTspTests(SqlitePaymentServer fixture) : TspTests(fixture), IClassFixture<SqlitePaymentServer>;

public sealed class PostgresTspTests(PostgresPaymentServer fixture)
    : TspTests(fixture), IClassFixture<PostgresPaymentServer>;
