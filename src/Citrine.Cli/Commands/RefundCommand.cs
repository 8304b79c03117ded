using System.CommandLine;
using Citrine.Contracts.Refunds;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine refund create|query</c>: the refund API through Citrine.Client.</summary>
public static class RefundCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("refund", "Refund orders and query refunds (merchant API, signed)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(QueryCommand(output));
        return command;
    }

    private static Command CreateCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var prepayId = new Option<string>("--prepay-id") { Description = "prepayId of the paid order", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "refundAmount", Required = true };
        var requestId = new Option<string?>("--refund-request-id")
        {
            Description = "refundRequestId, the idempotency key (default: a new one; reuse it to retry safely)",
        };
        var reason = new Option<string?>("--reason") { Description = "refundReason" };
        var webhookUrl = new Option<string?>("--webhook-url") { Description = "webhookUrl for the PAY_REFUND webhook" };
        var command = new Command("create", "Refund a paid order, in full or in part")
        {
            prepayId, amount, requestId, reason, webhookUrl,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Refund accepted",
            c => c.Refunds.CreateAsync(new RefundOrderRequest
            {
                RefundRequestId = parse.GetValue(requestId) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                PrepayId = parse.GetValue(prepayId)!,
                RefundAmount = parse.GetValue(amount),
                RefundReason = parse.GetValue(reason),
                WebhookUrl = parse.GetValue(webhookUrl),
            }, ct)));
        return command;
    }

    private static Command QueryCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var requestId = new Option<string>("--refund-request-id") { Description = "refundRequestId", Required = true };
        var command = new Command("query", "Query a refund") { requestId };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Refund",
            c => c.Refunds.GetAsync(new RefundQueryRequest { RefundRequestId = parse.GetValue(requestId)! }, ct)));
        return command;
    }
}
