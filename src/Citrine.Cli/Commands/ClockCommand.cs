using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine clock show|advance</c>: the sandbox clock (docs/sandbox.md#sandbox-clock). Signed with merchant
/// credentials it is the merchant's own clock; with <c>--admin</c> (the admin token) the server-wide clock, which moves
/// every merchant's time.
/// </summary>
public static class ClockCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("clock", "Show or advance the sandbox clock (your merchant's own, or --admin server-wide)");
        command.Subcommands.Add(ShowCommand(output));
        command.Subcommands.Add(AdvanceCommand(output));
        return command;
    }

    private static Command ShowCommand(CliOutput output)
    {
        var options = new ClockOptions();
        var command = new Command("show", "Show the sandbox clock: nowMs and its offsets from the wall clock");
        options.AddTo(command);
        command.SetAction((parse, ct) => options.RunAsync(output, parse, "Sandbox clock", "sandbox/clock",
            new Dictionary<string, long>(), c => c.Sandbox.GetClockAsync(ct), ct));
        return command;
    }

    private static Command AdvanceCommand(CliOutput output)
    {
        var duration = new Argument<string>("duration")
        {
            Description = "How far to move the clock forward, e.g. 90s, 15m, 1h, 2d or 500ms",
        };
        var options = new ClockOptions();
        var command = new Command("advance", "Move the sandbox clock forward (it never moves back)") { duration };
        options.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(duration)!;
            if (!TryDuration(text, out var by))
            {
                output.Error($"duration: '{text}' is not a duration such as 90s, 15m, 1h, 2d or 500ms");
                return Task.FromResult(ExitCodes.Validation);
            }

            return options.RunAsync(output, parse, "Sandbox clock advanced", "sandbox/clock/advance",
                new Dictionary<string, long> { ["advanceMs"] = (long)by.TotalMilliseconds },
                c => c.Sandbox.AdvanceClockAsync(by, ct), ct);
        });
        return command;
    }

    /// <summary>A non-negative duration: a number with the unit ms, s, m, h or d.</summary>
    internal static bool TryDuration(string text, out TimeSpan value)
    {
        text = text.Trim().ToLowerInvariant();
        var unit = text.EndsWith("ms", StringComparison.Ordinal) ? "ms" : text.Length > 0 ? text[^1..] : "";
        var scale = unit switch
        {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            _ => 0,
        };
        value = TimeSpan.Zero;
        if (scale == 0 || !double.TryParse(text[..^unit.Length], NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var amount) || amount * scale > long.MaxValue / 2)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(amount * scale));
        return true;
    }

    /// <summary>Merchant credentials (through Citrine.Client) or <c>--admin</c> with the admin token.</summary>
    private sealed class ClockOptions
    {
        private readonly SdkOptions _sdk = new();
        private readonly Option<bool> _admin = new("--admin")
        {
            Description = "Use the admin token: the server-wide clock, which moves every merchant's time",
        };
        private readonly Option<string?> _adminToken = CommonOptions.AdminToken();
        private readonly Option<string> _dataDir = CommonOptions.DataDir();

        public void AddTo(Command command)
        {
            _sdk.AddTo(command);
            command.Options.Add(_admin);
            command.Options.Add(_adminToken);
            command.Options.Add(_dataDir);
        }

        public async Task<int> RunAsync(CliOutput output, ParseResult parse, string title, string adminPath,
            Dictionary<string, long> adminBody, Func<Citrine.Client.CitrineClient, Task<JsonElement>> merchantCall,
            CancellationToken cancellationToken)
        {
            if (!parse.GetValue(_admin))
            {
                return await SdkCall.RunAsync(output, _sdk, parse, title, merchantCall).ConfigureAwait(false);
            }

            using var admin = new AdminClient(parse.GetValue(_sdk.Server)!, parse.GetValue(_adminToken),
                parse.GetValue(_dataDir)!);
            var clock = await admin.PostAsync(adminPath, adminBody, cancellationToken).ConfigureAwait(false);
            SdkCall.Render(output, parse.GetValue(_sdk.Json), title + " (server-wide)", clock);
            return ExitCodes.Success;
        }
    }
}
