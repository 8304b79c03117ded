using System.CommandLine;
using System.Text.Json;
using Citrine.Client;
using Citrine.Contracts.Json;
using Citrine.Contracts.Wallets;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine transfer</c> and <c>citrine transfer query</c>: Transfer Fund between the FUNDING and SPOT
/// wallets and its query, through Citrine.Client.</summary>
public static class TransferCommand
{
    public static Command Create(CliOutput output)
    {
        var sdk = new SdkOptions();
        var currency = new Option<string>("--currency") { Description = "asset, e.g. USDT", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "amount to move", Required = true };
        var type = new Option<string>("--type")
        {
            Description = "TO_MAIN (FUNDING → SPOT) or TO_PAY (SPOT → FUNDING)",
            Required = true,
        };
        type.AcceptOnlyFromAmong([.. WalletNames.TransferTypes]);
        var requestId = new Option<string?>("--request-id")
        {
            Description = "requestId, the idempotency key and tranId (default: a new one; reuse it to retry safely)",
        };
        var command = new Command("transfer", "Move funds between the merchant's wallets (merchant API, signed)")
        {
            currency, amount, type, requestId,
        };
        sdk.AddTo(command);
        command.Subcommands.Add(QueryCommand(output));
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Transfer",
            c => c.Wallets.TransferAsync(new TransferFundRequest
            {
                RequestId = parse.GetValue(requestId) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                Currency = parse.GetValue(currency)!,
                Amount = parse.GetValue(amount),
                TransferType = parse.GetValue(type)!,
            }, ct), (outcome, json) => Render(output, json, outcome)));
        return command;
    }

    /// <summary>The transfer's fields plus <c>replay</c>: true when the service answered a used requestId with the
    /// stored transfer (<c>REPEAT_REQ_SUCCESS</c>).</summary>
    private static void Render(CliOutput output, bool json, TransferFundOutcome outcome)
    {
        if (json)
        {
            var node = JsonSerializer.SerializeToNode(outcome.Transfer, WireJson.Options)!.AsObject();
            node["replay"] = outcome.IsReplay;
            output.Json(node);
            return;
        }

        SdkCall.Render(output, json: false,
            outcome.IsReplay ? "Transfer (replay: REPEAT_REQ_SUCCESS, nothing moved again)" : "Transfer",
            outcome.Transfer);
    }

    private static Command QueryCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var tranId = new Option<string>("--tran-id") { Description = "tranId (the transfer's requestId)", Required = true };
        var command = new Command("query", "Query a transfer") { tranId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Transfer",
            c => c.Wallets.GetTransferAsync(new TransferQueryRequest { TranId = parse.GetValue(tranId)! }, ct)));
        return command;
    }
}
