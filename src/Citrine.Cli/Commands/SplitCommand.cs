using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Citrine.Contracts.Json;
using Citrine.Contracts.ProfitSharing;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine split receiver add|list|delete</c>, <c>citrine split submit|show|return</c>: profit sharing
/// through Citrine.Client (docs/sdk-and-cli.md).</summary>
public static class SplitCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("split", "Profit sharing (merchant API, signed)");
        var receiver = new Command("receiver", "The merchant's profit-sharing receivers");
        receiver.Subcommands.Add(ReceiverCommand(output, "add", "Register a receiver by its Binance ID",
            (c, account, ct) => c.ProfitSharing.AddReceiverAsync(account, ct)));
        receiver.Subcommands.Add(ReceiverCommand(output, "delete", "Delete a registered receiver",
            (c, account, ct) => c.ProfitSharing.DeleteReceiverAsync(account, ct)));
        receiver.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(receiver);
        command.Subcommands.Add(SubmitCommand(output));
        command.Subcommands.Add(ShowCommand(output));
        command.Subcommands.Add(ReturnCommand(output));
        return command;
    }

    private static Command ReceiverCommand(CliOutput output, string name, string description,
        Func<Client.CitrineClient, string, CancellationToken, Task<SplitReceiverResult>> call)
    {
        var sdk = new SdkOptions();
        var account = new Option<string>("--account") { Description = "the receiver's Binance ID", Required = true };
        var command = new Command(name, description) { account };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Receiver",
            c => call(c, parse.GetValue(account)!, ct)));
        return command;
    }

    private static Command ListCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var page = new Option<int>("--page") { Description = "pageNum, from 1", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--page-size") { Description = "pageSize, 1-100", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "A page of the merchant's receivers") { page, size };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Receivers",
            c => c.ProfitSharing.QueryReceiversAsync(parse.GetValue(page), parse.GetValue(size), ct)));
        return command;
    }

    private static Command SubmitCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var prepayId = new Option<string>("--prepay-id") { Description = "the PAID tagged order", Required = true };
        var to = new Option<string[]>("--to")
        {
            Description = "a line as ACCOUNT:AMOUNT (a registered Binance ID), repeat for more lines",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var description = new Option<string>("--description")
        {
            Description = "description of every line (letters, digits, spaces, , / .)",
            DefaultValueFactory = _ => "citrine cli",
        };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "merchantRequestId, the idempotency key (default: a new one; reuse it to retry safely)",
        };
        var command = new Command("submit", "Split a PAID order created with orderTags.ifProfitSharing")
        {
            prepayId, to, description, requestId,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var lines = parse.GetValue(to)!.Select(spec => Line(spec, parse.GetValue(description)!)).ToList();
            if (lines.Any(l => l is null))
            {
                output.Error("--to: expected ACCOUNT:AMOUNT, e.g. 1000000001:1.5");
                return Task.FromResult(ExitCodes.Validation);
            }

            return SdkCall.RunAsync(output, sdk, parse, "Split",
                c => c.ProfitSharing.SubmitAsync(new SubmitSplitRequest
                {
                    MerchantRequestId = parse.GetValue(requestId) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                    PrepayOrderId = parse.GetValue(prepayId)!,
                    ReceiverList = lines!,
                }, ct), (outcome, json) => Render(output, json, outcome.Split, outcome.IsReplay, "Split"));
        });
        return command;
    }

    private static SplitReceiverLine? Line(string spec, string description)
    {
        var parts = spec.Split(':');
        return parts.Length == 2 && decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var amount)
            ? new SplitReceiverLine { Account = parts[0], Amount = amount, Description = description }
            : null;
    }

    private static Command ShowCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var prepayId = new Option<string>("--prepay-id") { Description = "the split order", Required = true };
        var requestId = new Option<string>("--request-id") { Description = "the split's merchantRequestId", Required = true };
        var command = new Command("show", "A split and its lines") { prepayId, requestId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Split",
            c => c.ProfitSharing.QueryAsync(new QuerySplitRequest
            {
                MerchantRequestId = parse.GetValue(requestId)!,
                PrepayOrderId = parse.GetValue(prepayId)!,
            }, ct)));
        return command;
    }

    private static Command ReturnCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var prepayId = new Option<string>("--prepay-id") { Description = "the split order", Required = true };
        var splitOrderNo = new Option<string?>("--split-order-no") { Description = "the split's splitOrderNo" };
        var requestId = new Option<string?>("--request-id") { Description = "or the split's merchantRequestId" };
        var account = new Option<string>("--account") { Description = "the receiver to take back from", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "returnAmount", Required = true };
        var returnNo = new Option<string?>("--return-no")
        {
            Description = "merchantReturnNo, the idempotency key (default: a new one)",
        };
        var command = new Command("return", "Take part of a paid split line back from its receiver")
        {
            prepayId, splitOrderNo, requestId, account, amount, returnNo,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Split return",
            c => c.ProfitSharing.ReturnAsync(new SplitReturnRequest
            {
                PrepayOrderId = parse.GetValue(prepayId)!,
                SplitOrderNo = parse.GetValue(splitOrderNo),
                OriginMerchantRequestId = parse.GetValue(requestId),
                MerchantReturnNo = parse.GetValue(returnNo) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                TransferOutAccount = parse.GetValue(account)!,
                ReturnAmount = parse.GetValue(amount),
            }, ct), (outcome, json) => Render(output, json, outcome.Return, outcome.IsReplay, "Split return")));
        return command;
    }

    /// <summary>The answer's fields plus <c>replay</c>: true when the service answered a used key with the stored
    /// result (<c>REPEAT_REQ_SUCCESS</c>).</summary>
    private static void Render<T>(CliOutput output, bool json, T value, bool replay, string title)
    {
        if (json)
        {
            var node = JsonSerializer.SerializeToNode(value, WireJson.Options)!.AsObject();
            node["replay"] = replay;
            output.Json(node);
            return;
        }

        SdkCall.Render(output, json: false, replay ? title + " (replay: REPEAT_REQ_SUCCESS)" : title, value);
    }
}
