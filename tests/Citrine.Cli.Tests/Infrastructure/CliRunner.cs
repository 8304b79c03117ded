using Citrine.Cli.Commands;

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
}
