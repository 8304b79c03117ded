using System.CommandLine;
using Citrine.Contracts;
using Citrine.Contracts.Json;
using Citrine.Contracts.Wallets;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine balance</c>: Wallet Balance v2 (or v1 with <c>--v1</c>) through Citrine.Client.</summary>
public static class BalanceCommand
{
    public static Command Create(CliOutput output)
    {
        var sdk = new SdkOptions();
        var wallet = new Option<string>("--wallet")
        {
            Description = "FUNDING_WALLET or SPOT_WALLET",
            DefaultValueFactory = _ => WalletNames.FundingWallet,
        };
        wallet.AcceptOnlyFromAmong([.. WalletNames.Wallets]);
        var currency = new Option<string?>("--currency") { Description = "one asset (default: every asset held)" };
        var v1 = new Option<bool>("--v1") { Description = "use Wallet Balance v1 (needs --currency)" };
        var command = new Command("balance", "Show a merchant wallet's balances (merchant API, signed)")
        {
            wallet, currency, v1,
        };
        sdk.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(v1))
            {
                if (parse.GetValue(currency) is not { } asset)
                {
                    output.Error("--v1 needs --currency");
                    return ExitCodes.Validation;
                }

                return await SdkCall.RunAsync(output, sdk, parse, "Balance", c => c.Wallets.GetBalanceAsync(
                    new WalletBalanceRequest { Wallet = parse.GetValue(wallet)!, Currency = asset }, ct))
                    .ConfigureAwait(false);
            }

            return await SdkCall.RunAsync(output, sdk, parse, "Balance", c => c.Wallets.GetBalancesAsync(
                new WalletBalanceV2Request { Wallet = parse.GetValue(wallet)!, Currency = parse.GetValue(currency) },
                ct), (result, json) => RenderV2(output, json, result)).ConfigureAwait(false);
        });
        return command;
    }

    private static void RenderV2(CliOutput output, bool json, WalletBalanceV2Result result)
    {
        if (json)
        {
            output.Json(System.Text.Json.JsonSerializer.SerializeToElement(result, WireJson.Options));
            return;
        }

        (string Name, string? Value)[] rows = [.. result.Balance.Select(a => (a.Asset,
            (string?)$"available {Amounts.Format(a.Available)}  freeze {Amounts.Format(a.Freeze)}  " +
            $"≈ {Amounts.Format(a.AvailableFiatValuation)} {result.Fiat}"))];
        output.Table($"{result.Wallet} balance", rows.Length == 0 ? [("(no assets)", null)] : rows);
    }
}
