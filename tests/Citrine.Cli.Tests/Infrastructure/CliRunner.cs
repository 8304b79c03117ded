using System.Text.Json;
using Citrine.Cli.Commands;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI in-process, as a user would from a shell, and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var exit = await CitrineCli.RunAsync(args, writer);
        return (exit, writer.ToString());
    }

    /// <summary>Runs a merchant command signed as <paramref name="merchant"/> against <paramref name="server"/>, with
    /// <c>--json</c>; returns the exit code and what it printed.</summary>
    public static Task<(int Exit, string Output)> AsMerchantRawAsync(TestServer server, TestMerchant merchant,
        params string[] args) => RunAsync(
        [
            .. args, "--server", server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret, "--json",
        ]);

    /// <summary><see cref="AsMerchantRawAsync"/> with the printed JSON parsed.</summary>
    public static async Task<(int Exit, JsonElement Output)> AsMerchantAsync(TestServer server, TestMerchant merchant,
        params string[] args)
    {
        var (exit, text) = await AsMerchantRawAsync(server, merchant, args);
        return (exit, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Runs an administrator command against <paramref name="server"/> with its admin token and
    /// <c>--json</c>; returns the exit code and the printed JSON.</summary>
    public static async Task<(int Exit, JsonElement Output)> AsAdminAsync(TestServer server, params string[] args)
    {
        var (exit, text) = await RunAsync(
            [.. args, "--server", server.BaseUri.ToString(), "--admin-token", TestServer.AdminTokenValue, "--json"]);
        exit.ShouldBe(0, text);
        return (exit, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static string TempFile(string content) => TempFile(System.Text.Encoding.UTF8.GetBytes(content));

    public static string TempFile(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), "citrine-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>
    /// A loopback stand-in answering canned Binance envelopes per path (<see cref="LoopbackReceiver.Answers"/>), so
    /// CLI tests can pin exact wire shapes and result codes (exit-code mapping) without arranging server state. Any
    /// other path answers 404 with a FAIL envelope.
    /// </summary>
    public static async Task<LoopbackReceiver> StandInAsync()
    {
        var standIn = await LoopbackReceiver.StartAsync();
        standIn.Default = new Reply(404, """{"status":"FAIL","code":"400001","errorMessage":"no such endpoint"}""");
        return standIn;
    }

    /// <summary>A new merchant on <paramref name="fixture"/>'s server and the CLI arguments that sign as it.</summary>
    public static async Task<(TestMerchant Merchant, string[] Args)> MerchantArgsAsync(this ServerFixture fixture)
    {
        var merchant = await fixture.Server.CreateMerchantAsync();
        return (merchant, ["--server", fixture.Server.BaseUri.ToString(), "--api-key", merchant.ApiKey,
            "--api-secret", merchant.ApiSecret]);
    }
}
