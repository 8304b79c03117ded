using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Citrine.Cli.Tests.Configuration;

/// <summary>A client written from the documents in another language (samples/python/money_out.py, standard library
/// only) runs balance → transfer → payout → payout query against <c>citrine serve --demo</c>.</summary>
public sealed partial class PythonClientTests
{
    [Fact]
    public async Task The_python_sample_pays_the_demo_buyer_through_the_documented_api()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Citrine.slnx")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))
                   ?? throw new InvalidOperationException("repository root not found");
        }

        var settings = new Dictionary<string, string> { ["Citrine__TimestampWindowMs"] = "60000" };
        await using var cli = CliProcess.Start(settings, "serve", "--demo", "--port", "0", "--data-dir",
            Citrine.Testing.TestDatabases.NewSqliteDirectory());
        await cli.WaitForAsync("Press Ctrl+C");
        var text = cli.Stdout;
        var start = new ProcessStartInfo("python3", [Path.Combine(root, "samples", "python", "money_out.py"),
            Row(text, "binanceId", "[0-9]+")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CITRINE_URL"] = Listening().Match(text).Groups[1].Value;
        start.Environment["CITRINE_API_KEY"] = Row(text, "apiKey", "[a-z0-9]{64}");
        start.Environment["CITRINE_API_SECRET"] = Row(text, "apiSecret", "[a-z0-9]{64}");
        using var python = Process.Start(start)!;
        var stdout = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        python.ExitCode.ShouldBe(0, await stdout + await stderr);

        var summary = JsonDocument.Parse(await stdout).RootElement;
        summary.GetProperty("transfer").GetString().ShouldBe("SUCCESS");
        summary.GetProperty("replay").GetString().ShouldBe("REPEAT_REQ_SUCCESS");
        summary.GetProperty("payout").GetString().ShouldBe("ACCEPTED");
        summary.GetProperty("batchStatus").GetString().ShouldBe("PART_SUCCESS");
        summary.GetProperty("lines").GetProperty("1").GetString().ShouldBe("SUCCESS");
        summary.GetProperty("lines").GetProperty("2").GetString().ShouldBe("FAIL");
    }

    private static string Row(string text, string name, string pattern)
    {
        var match = Regex.Match(text, $@"\b{name}\W+({pattern})\b");
        match.Success.ShouldBeTrue($"no {name} in:\n{text}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Citrine is listening on (\S+) ")]
    private static partial Regex Listening();
}
