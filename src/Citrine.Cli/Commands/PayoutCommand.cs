using System.CommandLine;
using Citrine.Contracts.Payouts;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine payout check</c>: the payout API through Citrine.Client.</summary>
public static class PayoutCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("payout", "Payouts (merchant API, signed)");
        command.Subcommands.Add(CheckCommand(output));
        return command;
    }

    private static Command CheckCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var receiveType = new Option<string>("--receive-type")
        {
            Description = "BINANCE_ID or PAY_ID",
            DefaultValueFactory = _ => ReceiveTypes.BinanceId,
        };
        var receiverId = new Option<string>("--receiver-id") { Description = "The Binance ID or Pay ID", Required = true };
        var email = new Option<string?>("--email") { Description = "registrationEmail" };
        var mobileNumber = new Option<string?>("--mobile-number") { Description = "registrationMobileNumber" };
        var mobileCode = new Option<string?>("--mobile-code") { Description = "registrationMobileCode, e.g. 971" };
        var openUserId = new Option<string?>("--open-user-id") { Description = "openUserId" };
        var command = new Command("check", "Check that a receiver exists and matches the hints given")
        {
            receiveType, receiverId, email, mobileNumber, mobileCode, openUserId,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Receiver check",
            c => c.Payouts.CheckReceiverAsync(new ReceiverCheckRequest
            {
                ReceiveType = parse.GetValue(receiveType)!,
                ReceiverId = parse.GetValue(receiverId)!,
                RegistrationEmail = parse.GetValue(email),
                RegistrationMobileNumber = parse.GetValue(mobileNumber),
                RegistrationMobileCode = parse.GetValue(mobileCode),
                OpenUserId = parse.GetValue(openUserId),
            }, ct)));
        return command;
    }
}
