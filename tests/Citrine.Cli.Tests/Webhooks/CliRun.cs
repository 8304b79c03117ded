using System.Text;
using Citrine.Cli.Commands;

namespace Citrine.Cli.Tests.Webhooks;

/// <summary>Runs the CLI in-process with a thread-safe captured output that tests can watch while it runs.</summary>
internal sealed class CliRun
{
    private readonly StringBuilder _text = new();
    private readonly TextWriter _writer;

    private CliRun(string[] args, CancellationToken cancellationToken)
    {
        _writer = TextWriter.Synchronized(new StringWriter(_text));
        Exit = Task.Run(() => CitrineCli.RunAsync(args, _writer, cancellationToken), CancellationToken.None);
    }

    public Task<int> Exit { get; }

    public string Output
    {
        get
        {
            lock (_writer)
            {
                return _text.ToString();
            }
        }
    }

    public static CliRun Start(CancellationToken cancellationToken, params string[] args) => new(args, cancellationToken);

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (Exit.IsCompleted || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' never appeared; output so far:\n{Output}");
            }

            await Task.Delay(25);
        }
    }
}
