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
