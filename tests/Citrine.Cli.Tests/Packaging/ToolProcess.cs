using System.Diagnostics;
using System.Text;

namespace Citrine.Cli.Tests.Packaging;

/// <summary>Runs a real child process (dotnet, the installed tool) and collects its output.</summary>
internal static class ToolProcess
{
    /// <summary>The packaging tests each run the SDK for minutes: one at a time, not side by side.</summary>
    public const string Collection = "Packaging";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Citrine.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Citrine.slnx not found above " + AppContext.BaseDirectory);
    }

    public static ProcessStartInfo StartInfo(string fileName, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return info;
    }

    /// <summary>Runs to completion; fails the test (with the output) on a non-zero exit or a timeout.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = CopyAsync(process.StandardOutput, output);
        var stderr = CopyAsync(process.StandardError, output);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} ran over {timeout}:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        process.ExitCode.ShouldBe(0, $"{info.FileName} {string.Join(' ', info.ArgumentList)}:\n{output}");
        return output.ToString();
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The <c>dotnet</c> running this test (so the SDK under test packs and installs), else the one on PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
        && File.Exists(host)
            ? host
            : "dotnet";
}
