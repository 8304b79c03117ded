using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Citrine.Cli.Tests.Packaging;

/// <summary>
/// The install path a newcomer takes (README.md, Install): the CLI packed as a .NET tool, installed with
/// <c>dotnet tool install</c> from a local folder only (no other package source, an empty package cache: everything
/// the tool needs is inside its package), then run as a separate process: <c>citrine --version</c> prints the version
/// of Directory.Build.props and <c>citrine serve</c> answers its health probes.
/// </summary>
[Collection(ToolProcess.Collection)]
public sealed partial class ToolInstallTests
{
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(4);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task The_packed_tool_installs_from_a_local_folder_and_serves()
    {
        var repository = ToolProcess.RepositoryRoot();
        var version = XDocument.Load(Path.Combine(repository, "Directory.Build.props")).Descendants("Version")
            .Single().Value;
        var work = Directory.CreateTempSubdirectory("citrine-tool-").FullName;
        try
        {
            // The test project's build has just built the CLI in this configuration: pack that build.
            var pack = Path.Combine(work, "pack");
            await ToolProcess.RunAsync(ToolProcess.StartInfo(ToolProcess.Dotnet, repository, "pack",
                Path.Combine("src", "Citrine.Cli", "Citrine.Cli.csproj"), "-c", Configuration, "--no-build", "-o", pack,
                "--disable-build-servers"), DotnetTimeout);
            File.Exists(Path.Combine(pack, $"Citrine.Cli.{version}.nupkg")).ShouldBeTrue();

            var config = Path.Combine(work, "nuget.config");
            await File.WriteAllTextAsync(config,
                "<configuration><packageSources><clear /></packageSources></configuration>");
            var install = ToolProcess.StartInfo(ToolProcess.Dotnet, work, "tool", "install", "--tool-path",
                Path.Combine(work, "tool"), "--configfile", config, "--add-source", pack, "Citrine.Cli");
            install.Environment["NUGET_PACKAGES"] = Path.Combine(work, "packages"); // no stale copy of this version
            var installed = await ToolProcess.RunAsync(install, DotnetTimeout);
            installed.ShouldContain($"version '{version}'");

            var citrine = Path.Combine(work, "tool", OperatingSystem.IsWindows() ? "citrine.exe" : "citrine");
            var printed = await ToolProcess.RunAsync(ToolProcess.StartInfo(citrine, work, "--version"),
                TimeSpan.FromMinutes(1));
            // SourceLink appends the commit (+sha) when the build ran in a git checkout.
            printed.Trim().ShouldMatch($"^{Regex.Escape(version)}(\\+[0-9a-f]{{40}})?$");

            await ServeAndProbeAsync(citrine, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task ServeAndProbeAsync(string citrine, string work)
    {
        var info = ToolProcess.StartInfo(citrine, work, "serve", "--port", "0", "--data-dir",
            Path.Combine(work, "data"));
        using var process = Process.Start(info)!;
        try
        {
            var baseUri = await ListeningAddressAsync(process);
            // Keep reading its output so a chatty server never blocks on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

            using var ready = await http.GetAsync("/health/ready");
            var body = await ready.Content.ReadAsStringAsync();
            ready.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            var report = JsonDocument.Parse(body).RootElement;
            report.GetProperty("status").GetString().ShouldBe("Healthy");
            report.GetProperty("checks").GetProperty("database").GetProperty("data").GetProperty("storage")
                .GetString().ShouldBe("sqlite");

            using var live = await http.GetAsync("/health/live");
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
            File.Exists(Path.Combine(work, "data", "citrine.db")).ShouldBeTrue();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    // serve prints "Citrine is listening on http://127.0.0.1:<port> (...)" once Kestrel has bound the port.
    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        var seen = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            seen.Add(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }
        }

        var errors = await process.StandardError.ReadToEndAsync();
        throw new InvalidOperationException($"citrine serve exited without listening:\n{string.Join('\n', seen)}\n{errors}");
    }

    [GeneratedRegex(@"Citrine is listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
