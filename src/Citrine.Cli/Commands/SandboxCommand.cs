using System.CommandLine;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine sandbox reset</c>: deletes the calling merchant's own sandbox data (docs/sandbox.md#reset).</summary>
public static class SandboxCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("sandbox", "Sandbox housekeeping for your merchant (sandbox API, signed)");
        command.Subcommands.Add(ResetCommand(output));
        return command;
    }

    private static Command ResetCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var yes = new Option<bool>("--yes") { Description = "Confirm: delete your orders, refunds, contracts, events" };
        var command = new Command("reset", "Delete your merchant's sandbox data (orders, refunds, contracts, webhook events)")
        {
            yes,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            if (!parse.GetValue(yes))
            {
                output.Error("reset deletes every order, refund, contract and webhook event of your merchant; "
                    + "run it again with --yes to confirm");
                return Task.FromResult(ExitCodes.Validation);
            }

            return SdkCall.RunAsync(output, sdk, parse, "Sandbox reset", c => c.Sandbox.ResetAsync(ct));
        });
        return command;
    }
}
