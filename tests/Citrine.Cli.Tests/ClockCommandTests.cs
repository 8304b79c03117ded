using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine clock show|advance</c> against a real Citrine: a merchant's own clock, and <c>--admin</c> for the
/// server-wide one. Each test owns its server, as the server-wide clock is shared.</summary>
public abstract class ClockCommandTests(Store store)
{
    [Fact]
    public async Task Advance_moves_only_the_callers_clock_and_show_prints_it_as_json()
    {
        await using var server = await TestServer.StartAsync(store);
        var (a, authA) = await MerchantArgsAsync(server);
        var (_, authB) = await MerchantArgsAsync(server);

        var (advanced, advanceOut) = await CliRunner.RunAsync(["clock", "advance", "90m", "--json", .. authA]);
        var (shownA, showAOut) = await CliRunner.RunAsync(["clock", "show", "--json", .. authA]);
        var (shownB, showBOut) = await CliRunner.RunAsync(["clock", "show", "--json", .. authB]);

        advanced.ShouldBe(0, advanceOut);
        JsonDocument.Parse(advanceOut).RootElement.GetProperty("merchantOffsetMs").GetInt64().ShouldBe(5_400_000);
        shownA.ShouldBe(0, showAOut);
        var clockA = JsonDocument.Parse(showAOut).RootElement;
        clockA.GetProperty("merchantId").GetInt64().ShouldBe(a.MerchantId);
        clockA.GetProperty("offsetMs").GetInt64().ShouldBe(5_400_000);
        shownB.ShouldBe(0, showBOut);
        JsonDocument.Parse(showBOut).RootElement.GetProperty("offsetMs").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Admin_advance_is_server_wide_and_show_prints_a_table()
    {
        await using var server = await TestServer.StartAsync(store);
        var (_, auth) = await MerchantArgsAsync(server);
        string[] admin = ["--admin", "--admin-token", TestServer.AdminTokenValue];

        var (advanced, advanceOut) = await CliRunner.RunAsync(["clock", "advance", "2h", "--json",
            "--server", server.BaseUri.ToString(), .. admin]);
        var (shown, showOut) = await CliRunner.RunAsync(["clock", "show", .. auth]);

        advanced.ShouldBe(0, advanceOut);
        var serverClock = JsonDocument.Parse(advanceOut).RootElement;
        serverClock.GetProperty("offsetMs").GetInt64().ShouldBe(7_200_000);
        serverClock.TryGetProperty("merchantId", out _).ShouldBeFalse();
        shown.ShouldBe(0, showOut);
        showOut.ShouldContain("Sandbox clock");
        showOut.ShouldContain("serverOffsetMs");
        showOut.ShouldContain("7200000");
    }

    [Fact]
    public async Task A_bad_duration_and_a_refused_advance_exit_3()
    {
        await using var server = await TestServer.StartAsync(store);
        var (_, auth) = await MerchantArgsAsync(server);

        var (bad, badOut) = await CliRunner.RunAsync(["clock", "advance", "soon", .. auth]);
        var (refused, refusedOut) = await CliRunner.RunAsync(["clock", "advance", "400d", .. auth]);
        var (_, showOut) = await CliRunner.RunAsync(["clock", "show", "--json", .. auth]);

        bad.ShouldBe(3, badOut);
        badOut.ShouldContain("not a duration");
        refused.ShouldBe(3, refusedOut);
        refusedOut.ShouldContain("400102");
        JsonDocument.Parse(showOut).RootElement.GetProperty("offsetMs").GetInt64().ShouldBe(0);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("90s", 90_000)]
    [InlineData("15m", 900_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    public void Durations_take_a_unit(string text, long expectedMs)
    {
        ClockCommand.TryDuration(text, out var value).ShouldBeTrue();
        ((long)value.TotalMilliseconds).ShouldBe(expectedMs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-5m")]
    [InlineData("m")]
    public void Durations_without_a_unit_or_a_number_are_refused(string text) =>
        ClockCommand.TryDuration(text, out _).ShouldBeFalse();

    private static async Task<(TestMerchant Merchant, string[] Args)> MerchantArgsAsync(TestServer server)
    {
        var merchant = await server.CreateMerchantAsync();
        return (merchant, ["--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret]);
    }
}

public sealed class SqliteClockCommandTests() : ClockCommandTests(Store.Sqlite);

public sealed class PostgresClockCommandTests() : ClockCommandTests(Store.Postgres);
