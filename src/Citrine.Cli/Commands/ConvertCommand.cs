using System.CommandLine;
using Citrine.Contracts.Otc;
using Citrine.Contracts.Wallets;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine convert pairs|quote|execute|show</c>: the Convert API (OTC quotes) through
/// Citrine.Client.</summary>
public static class ConvertCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("convert", "Convert between assets with OTC quotes (merchant API, signed, whitelisted)");
        command.Subcommands.Add(PairsCommand(output));
        command.Subcommands.Add(QuoteCommand(output));
        command.Subcommands.Add(ExecuteCommand(output));
        command.Subcommands.Add(ShowCommand(output));
        return command;
    }

    private static Command PairsCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var from = new Option<string>("--from") { Description = "fromAsset, e.g. USDT", Required = true };
        var command = new Command("pairs", "The assets an asset converts to, with each side's limits") { from };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Convert pairs",
            c => c.Convert.PairsAsync(parse.GetValue(from)!, ct)));
        return command;
    }

    private static Command QuoteCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var from = new Option<string>("--from") { Description = "fromAsset, e.g. USDT", Required = true };
        var to = new Option<string>("--to") { Description = "toAsset, e.g. BNB", Required = true };
        var fromAmount = new Option<decimal?>("--from-amount") { Description = "how much fromAsset to convert" };
        var toAmount = new Option<decimal?>("--to-amount") { Description = "how much toAsset to receive" };
        var wallet = new Option<string>("--wallet")
        {
            Description = "the wallet debited and credited on execution",
            DefaultValueFactory = _ => WalletNames.FundingWallet,
        };
        wallet.AcceptOnlyFromAmong([.. WalletNames.Wallets]);
        var command = new Command("quote", "Ask a quote (give --from-amount or --to-amount)")
        {
            from, to, fromAmount, toAmount, wallet,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            if ((parse.GetValue(fromAmount) is null) == (parse.GetValue(toAmount) is null))
            {
                output.Error("give exactly one of --from-amount and --to-amount");
                return Task.FromResult(ExitCodes.Validation);
            }

            return SdkCall.RunAsync(output, sdk, parse, "Convert quote",
                c => c.Convert.QuoteAsync(new ConvertQuoteRequest
                {
                    Wallet = parse.GetValue(wallet)!,
                    FromAsset = parse.GetValue(from)!,
                    ToAsset = parse.GetValue(to)!,
                    FromAmount = parse.GetValue(fromAmount),
                    ToAmount = parse.GetValue(toAmount),
                }, ct));
        });
        return command;
    }

    private static Command ExecuteCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var quoteId = new Argument<string>("quoteId") { Description = "the quoteId convert quote answered" };
        var command = new Command("execute", "Execute a quote once, before it expires") { quoteId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Convert order",
            c => c.Convert.ExecuteAsync(parse.GetValue(quoteId)!, ct)));
        return command;
    }

    private static Command ShowCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var orderId = new Argument<string>("orderId") { Description = "the orderId convert execute answered" };
        var command = new Command("show", "Show a convert trade order") { orderId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Convert order",
            c => c.Convert.QueryAsync(parse.GetValue(orderId)!, ct)));
        return command;
    }
}
