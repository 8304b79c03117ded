using System.Text.RegularExpressions;

namespace Citrine.Cli.Tests.Configuration;

/// <summary>Starts <c>citrine serve</c> as its own process and waits until it listens: the process and an HTTP client
/// on its address carrying the admin token (the scale-out and crash tests start their nodes this way).</summary>
internal static partial class ServeProcess
{
    public static async Task<(CliProcess Process, HttpClient Admin)> StartAsync(
        IReadOnlyDictionary<string, string> environment, string adminToken, params string[] args)
    {
        var process = CliProcess.Start(environment, args);
        try
        {
            await process.WaitForAsync("Citrine is listening on ");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        var admin = new HttpClient
        {
            BaseAddress = new Uri(ListeningLine().Match(process.Stdout).Groups[1].Value),
            Timeout = TimeSpan.FromSeconds(30),
        };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        return (process, admin);
    }

    [GeneratedRegex(@"Citrine is listening on (\S+) ")]
    private static partial Regex ListeningLine();
}
