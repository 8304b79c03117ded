using System.Globalization;
using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Sandbox;

/// <summary>
/// Issue 15, <c>citrine events list|show|resend</c> and <c>citrine sandbox reset</c> against a live server: a merchant
/// lists, reads and redelivers its own events only, and reset needs <c>--yes</c>.
/// </summary>
public sealed class EventsAndResetCommandTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Events_are_listed_shown_and_resent_with_the_same_body()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var server = fixture.Server;
        var merchant = await server.CreateMerchantAsync(webhookUrl: receiver.Url);
        var prepayId = await server.Signed(merchant).CreateOrderAsync();
        (await server.Signed(merchant).CloseAsync(prepayId)).Code.ShouldBe("000000");
        var first = await receiver.NextAsync(TimeSpan.FromSeconds(30));

        var (listExit, list) = await RunAsync(merchant, "events", "list", "--limit", "5");
        listExit.ShouldBe(0, list.ToString());
        var listed = list.EnumerateArray().Single();
        listed.GetProperty("bizIdStr").GetString().ShouldBe(prepayId.ToString(CultureInfo.InvariantCulture));
        listed.GetProperty("bizStatus").GetString().ShouldBe("PAY_CLOSED");
        var eventId = listed.GetProperty("eventId").GetInt64().ToString(CultureInfo.InvariantCulture);

        var (showExit, shown) = await RunAsync(merchant, "events", "show", eventId);
        showExit.ShouldBe(0, shown.ToString());
        shown.GetProperty("body").GetString().ShouldBe(first.BodyText);
        shown.GetProperty("attempts")[0].GetProperty("delivered").GetBoolean().ShouldBeTrue();

        var (resendExit, resent) = await RunAsync(merchant, "events", "resend", eventId);
        resendExit.ShouldBe(0, resent.ToString());
        (await receiver.NextAsync(TimeSpan.FromSeconds(30))).BodyText.ShouldBe(first.BodyText);

        // Another merchant's event is answered as no event at all.
        var stranger = await server.CreateMerchantAsync();
        var (foreignExit, foreign) = await RunAsync(stranger, "events", "show", eventId);
        foreignExit.ShouldBe(ExitCodes.Validation, foreign.ToString());
        foreign.GetProperty("code").GetString().ShouldBe("400102");
        var (strangerListExit, strangerList) = await RunAsync(stranger, "events", "list");
        strangerListExit.ShouldBe(0);
        strangerList.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Reset_needs_yes_then_deletes_the_merchants_orders()
    {
        var server = fixture.Server;
        var merchant = await server.CreateMerchantAsync();
        var prepayId = await server.Signed(merchant).CreateOrderAsync();

        using var writer = new StringWriter();
        var unconfirmed = await CitrineCli.RunAsync(["sandbox", "reset", "--server", server.BaseUri.ToString(),
            "--api-key", merchant.ApiKey, "--api-secret", merchant.ApiSecret], writer);
        unconfirmed.ShouldBe(ExitCodes.Validation);
        writer.ToString().ShouldContain("--yes");
        (await server.Signed(merchant).QueryAsync(prepayId)).Code.ShouldBe("000000");

        var (exit, reset) = await RunAsync(merchant, "sandbox", "reset", "--yes");
        exit.ShouldBe(0, reset.ToString());
        reset.GetProperty("ordersDeleted").GetInt32().ShouldBe(1);
        (await server.Signed(merchant).QueryAsync(prepayId)).Code.ShouldBe("400202");
    }

    private async Task<(int Exit, JsonElement Output)> RunAsync(TestMerchant merchant, params string[] args)
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
