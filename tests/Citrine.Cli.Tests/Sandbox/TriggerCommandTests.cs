using System.Net.Http.Json;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Sandbox;

/// <summary>
/// Issue 15, <c>citrine trigger</c>: each event, made to happen against a live server on each database, reaches the
/// merchant's receiver as a webhook that verifies with the reference RSA verifier, and the command reports its
/// delivery. Also the listing and the refusals.
/// </summary>
public abstract class TriggerCommandTests(ServerFixture fixture)
{
    public static TheoryData<string, string, string> Events { get; } = new()
    {
        { "payment.success", "PAY", "PAY_SUCCESS" },
        { "payment.closed", "PAY", "PAY_CLOSED" },
        { "payment.expired", "PAY", "PAY_CLOSED" },
        { "refund.success", "PAY_REFUND", "REFUND_SUCCESS" },
        { "refund.rejected", "PAY_REFUND", "REFUND_REJECTED" },
        { "contract.signed", "DIRECT_DEBIT_CT", "CONTRACT_SIGNED" },
        { "contract.terminated", "DIRECT_DEBIT_CT", "CONTRACT_TERMINATED" },
        { "directdebit.payment", "PAY", "PAY_SUCCESS" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Each_trigger_delivers_its_signed_webhook(string name, string bizType, string bizStatus)
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var server = fixture.Server;
        var merchant = await server.CreateMerchantAsync(webhookUrl: receiver.Url);
        using (var enabled = await server.Http.PostAsJsonAsync($"/admin/merchants/{merchant.MerchantId}",
                   new { directDebitEnabled = true }))
        {
            enabled.EnsureSuccessStatusCode();
        }

        var (exit, output) = await RunAsync(merchant, "trigger", name, "--timeout", "60s");

        exit.ShouldBe(0, output.ToString());
        output.GetProperty("outcome").GetString().ShouldBe("delivered");
        output.GetProperty("webhook").GetProperty("event").GetProperty("bizStatus").GetString().ShouldBe(bizStatus);
        var bizIdStr = output.GetProperty("webhook").GetProperty("event").GetProperty("bizIdStr").GetString();
        var ids = output.GetProperty("ids");
        bizIdStr.ShouldBe(bizType == "DIRECT_DEBIT_CT"
            ? ids.GetProperty("contractId").GetString()
            : ids.GetProperty("prepayId").GetString());

        // What the receiver got is that event, signed as Binance signs it.
        var delivered = receiver.All.Single(r =>
        {
            var body = JsonDocument.Parse(r.Body).RootElement;
            return body.GetProperty("bizStatus").GetString() == bizStatus
                && body.GetProperty("bizIdStr").GetString() == bizIdStr;
        });
        JsonDocument.Parse(delivered.Body).RootElement.GetProperty("bizType").GetString().ShouldBe(bizType);
        var certificates = (await server.Signed(merchant).PostAsync("/binancepay/openapi/certificates", new { })).Data
            .EnumerateArray()
            .Select(c => (c.GetProperty("certSerial").GetString()!, c.GetProperty("certPublic").GetString()!))
            .ToList();
        ReferenceWebhookVerifier.Verifies(delivered, certificates).ShouldBeTrue(delivered.BodyText);
    }

    [Fact]
    public async Task A_refused_delivery_is_reported_and_exits_non_zero()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.Default = Reply.Error(500);
        var merchant = await fixture.Server.CreateMerchantAsync(webhookUrl: receiver.Url);

        var (exit, output) = await RunAsync(merchant, "trigger", "payment.closed");

        exit.ShouldBe(ExitCodes.Other, output.ToString());
        output.GetProperty("outcome").GetString()!.ShouldStartWith("failed");
        output.GetProperty("webhook").GetProperty("attempts")[0].GetProperty("httpStatus").GetInt32().ShouldBe(500);
    }

    [Fact]
    public async Task The_list_names_every_event_and_an_unknown_one_is_a_usage_error()
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        var (exit, list) = await RunAsync(merchant, "trigger", "--list");
        exit.ShouldBe(0);
        list.EnumerateArray().Select(e => e.GetProperty("name").GetString())
            .ShouldBe(Events.Select(row => (string)row.Data.Item1), ignoreOrder: true);

        using var writer = new StringWriter();
        var unknown = await CitrineCli.RunAsync(["trigger", "payment.teleported", "--server",
            fixture.Server.BaseUri.ToString(), "--api-key", merchant.ApiKey, "--api-secret", merchant.ApiSecret], writer);
        unknown.ShouldBe(ExitCodes.Validation);
        writer.ToString().ShouldContain("citrine trigger --list");
    }

    internal async Task<(int Exit, JsonElement Output)> RunAsync(TestMerchant merchant, params string[] args)
    {
        using var output = new StringWriter();
        var exit = await CitrineCli.RunAsync(
        [
            .. args, "--server", fixture.Server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--json",
        ], output);
        return (exit, JsonDocument.Parse(output.ToString()).RootElement.Clone());
    }
}

public sealed class SqliteTriggerCommandTests(SqliteServer fixture)
    : TriggerCommandTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresTriggerCommandTests(PostgresServer fixture)
    : TriggerCommandTests(fixture), IClassFixture<PostgresServer>;
