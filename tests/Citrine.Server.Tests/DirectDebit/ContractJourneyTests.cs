using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Citrine.Application;
using Citrine.Server.Tests.Infrastructure;
using Citrine.Server.Tests.Webhooks;
using Citrine.Testing;
using Microsoft.Playwright;
using static Citrine.Server.Tests.Webhooks.WebhookKit;

namespace Citrine.Server.Tests.DirectDebit;

/// <summary>
/// One contract from start to end, the way a merchant and a buyer live it: created over the API, signed by the buyer
/// on the hosted page in headless Chromium, CONTRACT_SIGNED and PAY_SUCCESS delivered to a loopback receiver and
/// verified with the reference RSA verifier, the merchant's termination (which sends no webhook) and the refusal after.
/// </summary>
public abstract class ContractJourneyTests(ServerFixture fixture)
{
    private const string Apply = "/binancepay/openapi/pay/apply";

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_sign_in_the_browser_debit_terminate_and_query_with_verified_webhooks()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var merchant = await Server.CreateMerchantAsync("Journey Shop", receiver.Url);
        await Server.SetDirectDebitAsync(merchant.MerchantId, true);
        var client = Server.Signed(merchant);
        var certificates = await CertificatesAsync(client);
        var buyerId = await Server.CreateBuyerAsync("Journey Buyer", new() { ["USDT"] = "50" });

        // Create: the contract names the receiver itself (the merchant's URL would be the fallback).
        var code = ContractBodies.NewCode();
        var body = ContractBodies.OneOff(code);
        body["webhookUrl"] = receiver.Url;
        var created = await client.CreateContractAsync(body);

        // Sign: the buyer opens the deeplink in Chromium, picks themself and clicks Sign.
        await using (var browser = await HeadlessChromium.LaunchAsync())
        {
            var page = await browser.NewPageAsync();
            var response = await page.GotoAsync(created.GetProperty("deeplink").GetString()!);
            response!.Status.ShouldBe(200);
            (await page.TextContentAsync("#status")).ShouldBe("INITIAL");
            await page.SelectOptionAsync("#buyerId", buyerId.ToString(CultureInfo.InvariantCulture));
            await page.ClickAsync("#sign");
            await page.WaitForSelectorAsync("#contractId");
            (await page.TextContentAsync("#status")).ShouldBe("CONTRACT_SIGNED");
        }

        var openUserId = Ids.OpenUserId(buyerId, merchant.MerchantId);
        var signed = await receiver.NextAsync(Patience);
        ReferenceWebhookVerifier.Verifies(signed, certificates).ShouldBeTrue(signed.BodyText);
        var signedBody = JsonDocument.Parse(signed.Body).RootElement;
        signedBody.GetProperty("bizType").GetString().ShouldBe("DIRECT_DEBIT_CT");
        signedBody.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_SIGNED");
        var signedData = Data(signedBody);
        var contractId = signedData.GetProperty("contractId").GetInt64();
        signedBody.GetProperty("bizId").GetInt64().ShouldBe(contractId);
        signedData.GetProperty("merchantContractCode").GetString().ShouldBe(code);
        signedData.GetProperty("openUserId").GetString().ShouldBe(openUserId);

        // Pay: a debit within the limit, reported as an ordinary PAY_SUCCESS to the merchant's URL.
        var applied = await client.PostNodeAsync(Apply, new JsonObject
        {
            ["merchantRequestId"] = "journey1",
            ["tradeMode"] = "DIRECT_DEBIT",
            ["bizId"] = contractId,
            ["amount"] = 3.5m,
            ["currency"] = "USDT",
            ["productName"] = "Monthly plan",
            ["productType"] = "Subscription",
        });
        applied.Code.ShouldBe("000000", applied.ToString());
        applied.Data.GetProperty("status").GetString().ShouldBe("SUCCESS");
        var prepayId = applied.Data.GetProperty("prepayId").GetString()!;
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("46.50000000");

        var paid = await receiver.NextAsync(Patience);
        ReferenceWebhookVerifier.Verifies(paid, certificates).ShouldBeTrue(paid.BodyText);
        var paidBody = JsonDocument.Parse(paid.Body).RootElement;
        paidBody.GetProperty("bizType").GetString().ShouldBe("PAY");
        paidBody.GetProperty("bizStatus").GetString().ShouldBe("PAY_SUCCESS");
        paidBody.GetProperty("bizIdStr").GetString().ShouldBe(prepayId);
        var paidData = Data(paidBody);
        paidData.GetProperty("totalFee").GetRawText().ShouldBe("3.50000000");
        paidData.GetProperty("currency").GetString().ShouldBe("USDT");

        // Terminate: the merchant ends it; a merchant termination sends no webhook.
        var beforeTerminate = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var terminated = await client.PostAsync(DirectDebitPaths.Terminate, new { contractId });
        terminated.Code.ShouldBe("000000", terminated.ToString());
        terminated.Data.GetBoolean().ShouldBeTrue();
        (await receiver.StaysQuietAsync(TimeSpan.FromSeconds(2))).ShouldBeTrue(
            string.Join("\n", receiver.All.Select(w => w.BodyText)));
        receiver.All.Count.ShouldBe(2);

        var query = await client.QueryByCodeAsync(code);
        query.Code.ShouldBe("000000", query.ToString());
        query.Data.GetProperty("bizStatus").GetString().ShouldBe("CONTRACT_TERMINATED");
        query.Data.GetProperty("contractId").GetInt64().ShouldBe(contractId);
        query.Data.GetProperty("contractTerminationWay").GetInt32().ShouldBe(3);
        query.Data.GetProperty("contractTerminationTime").GetInt64().ShouldBeInRange(beforeTerminate - 1000,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);

        var after = await client.PostNodeAsync(Apply, new JsonObject
        {
            ["merchantRequestId"] = "journey2",
            ["tradeMode"] = "DIRECT_DEBIT",
            ["bizId"] = contractId,
            ["amount"] = 1m,
            ["currency"] = "USDT",
            ["productName"] = "Monthly plan",
            ["productType"] = "Subscription",
        });
        after.Code.ShouldBe("406212", after.ToString());
        (await Server.BuyerBalancesAsync(buyerId))["USDT"].ShouldBe("46.50000000");
        receiver.All.Count.ShouldBe(2);
    }

    /// <summary>The webhook's <c>data</c>, which the envelope carries as a JSON string.</summary>
    private static JsonElement Data(JsonElement body) =>
        JsonDocument.Parse(body.GetProperty("data").GetString()!).RootElement;
}

public sealed class SqliteContractJourneyTests(SqliteWebhookServer fixture)
    : ContractJourneyTests(fixture), IClassFixture<SqliteWebhookServer>;

public sealed class PostgresContractJourneyTests(PostgresWebhookServer fixture)
    : ContractJourneyTests(fixture), IClassFixture<PostgresWebhookServer>;
