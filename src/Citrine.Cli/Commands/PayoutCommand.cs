using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Citrine.Client;
using Citrine.Contracts.Json;
using Citrine.Contracts.Payouts;
using Citrine.Contracts.Wallets;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine payout create|query|check</c>: the payout API through Citrine.Client.</summary>
public static class PayoutCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("payout", "Payouts (merchant API, signed)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(QueryCommand(output));
        command.Subcommands.Add(CheckCommand(output));
        return command;
    }

    private static Command CreateCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var currency = new Option<string>("--currency") { Description = "asset, e.g. USDT", Required = true };
        var to = new Option<string[]>("--to")
        {
            Description = "a line as TYPE:RECEIVER:AMOUNT (TYPE is BINANCE_ID, PAY_ID or EMAIL), repeat for more lines",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var wallet = new Option<string>("--wallet")
        {
            Description = "source wallet of every line",
            DefaultValueFactory = _ => WalletNames.FundingWallet,
        };
        wallet.AcceptOnlyFromAmong([.. WalletNames.Wallets]);
        var batchName = new Option<string>("--batch-name")
        {
            Description = "batchName",
            DefaultValueFactory = _ => "citrine cli",
        };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "requestId, the idempotency key (default: a new one; reuse it to retry safely)",
        };
        var command = new Command("create", "Pay a batch of receivers from the merchant's wallets")
        {
            currency, to, wallet, batchName, requestId,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var lines = parse.GetValue(to)!.Select((spec, i) => Line(spec, i, parse.GetValue(wallet)!)).ToList();
            if (lines.Any(l => l is null))
            {
                output.Error("--to: expected TYPE:RECEIVER:AMOUNT, e.g. BINANCE_ID:2000000001:1.5");
                return Task.FromResult(ExitCodes.Validation);
            }

            return SdkCall.RunAsync(output, sdk, parse, "Payout",
                c => c.Payouts.TransferAsync(new PayoutTransferRequest
                {
                    RequestId = parse.GetValue(requestId) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                    BatchName = parse.GetValue(batchName)!,
                    Currency = parse.GetValue(currency)!,
                    TotalAmount = lines.Sum(l => l!.TransferAmount),
                    TotalNumber = lines.Count,
                    TransferDetailList = lines!,
                }, ct), (outcome, json) => Render(output, json, outcome));
        });
        return command;
    }

    /// <summary><c>TYPE:RECEIVER:AMOUNT</c>, or null when malformed; the line's merchantSendId is its position (1,
    /// 2, …).</summary>
    private static PayoutTransferDetail? Line(string spec, int index, string wallet)
    {
        var parts = spec.Split(':');
        if (parts.Length != 3 || !decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        return new PayoutTransferDetail
        {
            MerchantSendId = (index + 1).ToString(CultureInfo.InvariantCulture),
            ReceiveType = parts[0],
            Receiver = parts[1],
            TransferAmount = amount,
            TransferMethod = wallet,
        };
    }

    /// <summary>The batch's fields plus <c>replay</c>: true when the service answered a used requestId with the
    /// stored batch (<c>REPEAT_REQ_SUCCESS</c>).</summary>
    private static void Render(CliOutput output, bool json, PayoutTransferOutcome outcome)
    {
        if (json)
        {
            var node = JsonSerializer.SerializeToNode(outcome.Batch, WireJson.Options)!.AsObject();
            node["replay"] = outcome.IsReplay;
            output.Json(node);
            return;
        }

        SdkCall.Render(output, json: false,
            outcome.IsReplay ? "Payout (replay: REPEAT_REQ_SUCCESS, nothing paid again)" : "Payout", outcome.Batch);
    }

    private static Command QueryCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var requestId = new Option<string>("--request-id") { Description = "the batch's requestId", Required = true };
        var status = new Option<string[]>("--status")
        {
            Description = "only lines in this status (PROCESSING, SUCCESS, FAIL, AWAITING_RECEIPT, REFUNDED); repeatable",
        };
        var command = new Command("query", "Query a payout batch and its lines") { requestId, status };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Payout batch",
            c => c.Payouts.QueryAsync(new PayoutQueryRequest
            {
                RequestId = parse.GetValue(requestId)!,
                DetailStatus = parse.GetValue(status) is { Length: > 0 } statuses ? statuses : null,
            }, ct)));
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
