using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Citrine.Client;
using Citrine.Client.Sandbox;
using Citrine.Contracts.DirectDebit;
using Citrine.Contracts.Orders;
using Citrine.Contracts.Refunds;
using Citrine.Contracts.Webhooks;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine trigger EVENT</c>, as <c>stripe trigger</c>: creates what the event needs through the merchant and
/// sandbox APIs, makes it happen, then waits until the webhook it sends is delivered or its attempt fails, and shows
/// that attempt (docs/sandbox.md#trigger). <c>citrine trigger --list</c> names every event.
/// </summary>
public static class TriggerCommand
{
    /// <summary>Name of the sandbox buyer the command creates once and reuses when no <c>--buyer-id</c> is given.</summary>
    public const string BuyerName = "citrine trigger";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Every event the command can make happen, with the webhook it waits for.</summary>
    internal static IReadOnlyList<Trigger> Triggers { get; } =
    [
        new("payment.success", "An order paid by a sandbox buyer", WebhookNames.BizTypePay, WebhookNames.PaySuccess,
            async t => await t.PaidOrderAsync().ConfigureAwait(false)),
        new("payment.closed", "An order closed by the merchant", WebhookNames.BizTypePay, WebhookNames.PayClosed,
            async t =>
            {
                var order = await t.OrderAsync().ConfigureAwait(false);
                await t.Client.Orders.CloseAsync(new OrderLookupRequest { PrepayId = order.PrepayId }, t.Ct)
                    .ConfigureAwait(false);
                return order;
            }),
        new("payment.expired", "An order that reached its expiry", WebhookNames.BizTypePay, WebhookNames.PayClosed,
            async t =>
            {
                var order = await t.OrderAsync().ConfigureAwait(false);
                await t.Client.Sandbox.ExpireOrderAsync(new OrderLookupRequest { PrepayId = order.PrepayId }, t.Ct)
                    .ConfigureAwait(false);
                return order;
            }),
        new("refund.success", "A paid order refunded in full", WebhookNames.BizTypePayRefund,
            WebhookNames.RefundSuccess, async t => await t.RefundedOrderAsync(reject: false).ConfigureAwait(false)),
        new("refund.rejected", "A refund that the sandbox rejects when it settles", WebhookNames.BizTypePayRefund,
            WebhookNames.RefundRejected, async t => await t.RefundedOrderAsync(reject: true).ConfigureAwait(false)),
        new("contract.signed", "A direct-debit contract signed by a sandbox buyer",
            WebhookNames.BizTypeDirectDebitContract, WebhookNames.ContractSigned,
            async t => await t.SignedContractAsync().ConfigureAwait(false)),
        new("contract.terminated", "A signed contract terminated by its buyer", WebhookNames.BizTypeDirectDebitContract,
            WebhookNames.ContractTerminated, async t =>
            {
                var contract = await t.SignedContractAsync().ConfigureAwait(false);
                await t.Client.Sandbox.TerminateContractAsBuyerAsync(contract.MerchantContractCode, t.Ct)
                    .ConfigureAwait(false);
                return contract;
            }),
        new("directdebit.payment", "A payment charged on a signed contract (pay/apply)", WebhookNames.BizTypePay,
            WebhookNames.PaySuccess, async t =>
            {
                var contract = await t.SignedContractAsync().ConfigureAwait(false);
                var applied = await t.Client.DirectDebit.ApplyPaymentAsync(new PaymentApplyRequest
                {
                    MerchantRequestId = "trg" + Guid.NewGuid().ToString("N")[..24],
                    BizId = contract.ContractId!.Value,
                    Amount = t.Amount,
                    Currency = t.Currency,
                    ProductName = "citrine trigger",
                }, t.Ct).ConfigureAwait(false);
                // The debit is a new order; its PAY_SUCCESS webhook carries that order's prepayId.
                return new Made([.. contract.Ids, ("prepayId", applied.PrepayId ?? "")], applied.PrepayId);
            }),
    ];

    public static Command Create(CliOutput output)
    {
        var sdk = new SdkOptions();
        var name = new Argument<string?>("event")
        {
            Description = "The event to make happen (see --list)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var list = new Option<bool>("--list") { Description = "List the events this command can trigger" };
        var buyerId = new Option<long?>("--buyer-id")
        {
            Description = $"Sandbox buyer who pays or signs (default: your buyer named '{BuyerName}', created once)",
        };
        var amount = new Option<decimal>("--amount") { Description = "Order or debit amount", DefaultValueFactory = _ => 1m };
        var currency = new Option<string>("--currency") { Description = "Currency", DefaultValueFactory = _ => "USDT" };
        var timeout = new Option<string>("--timeout")
        {
            Description = "How long to wait for the webhook, e.g. 30s",
            DefaultValueFactory = _ => "30s",
        };
        var command = new Command("trigger", "Make a webhook event happen and wait for its delivery (sandbox)")
        {
            name, list, buyerId, amount, currency, timeout,
        };
        sdk.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(sdk.Json);
            if (parse.GetValue(list))
            {
                ListTriggers(output, json);
                return ExitCodes.Success;
            }

            var wanted = parse.GetValue(name);
            var trigger = Triggers.FirstOrDefault(t => string.Equals(t.Name, wanted, StringComparison.OrdinalIgnoreCase));
            if (trigger is null)
            {
                output.Error(wanted is null
                    ? "name the event to trigger, e.g. citrine trigger payment.success (citrine trigger --list)"
                    : $"'{wanted}' is not an event this command knows; citrine trigger --list names them");
                return ExitCodes.Validation;
            }

            if (!ClockCommand.TryDuration(parse.GetValue(timeout)!, out var wait) || wait <= TimeSpan.Zero)
            {
                output.Error($"--timeout: '{parse.GetValue(timeout)}' is not a duration such as 30s or 2m");
                return ExitCodes.Validation;
            }

            var outcome = "not-found";
            var exit = await SdkCall.RunAsync(output, sdk, parse, trigger.Name, async c =>
            {
                // Events after this one are the trigger's: the merchant's other traffic may add events meanwhile, so
                // the wait also matches the event's bizType and bizStatus.
                var newest = await c.Sandbox.ListWebhookEventsAsync(1, null, ct).ConfigureAwait(false);
                var after = newest.GetArrayLength() > 0 ? newest[0].GetProperty("eventId").GetInt64() : 0;
                var context = new TriggerContext(c, parse.GetValue(buyerId), parse.GetValue(amount),
                    parse.GetValue(currency)!, ct);
                var made = await trigger.Run(context).ConfigureAwait(false);
                var detail = await WaitAsync(output, json, c, trigger, after, made.BizIdStr, wait, ct)
                    .ConfigureAwait(false);
                return (made, detail);
            }, (result, asJson) =>
            {
                outcome = Outcome(result.detail);
                Render(output, trigger, result.made, result.detail, outcome, asJson);
            }).ConfigureAwait(false);
            // Made but not delivered is a failure a script should see.
            return exit == ExitCodes.Success && outcome != "delivered" ? ExitCodes.Other : exit;
        });
        return command;
    }

    private static void ListTriggers(CliOutput output, bool json)
    {
        if (json)
        {
            output.Json(Triggers.Select(t => new { name = t.Name, description = t.Description, bizType = t.BizType, bizStatus = t.BizStatus }));
            return;
        }

        var table = new Table().Title("Events").AddColumn("event").AddColumn("what happens").AddColumn("webhook");
        foreach (var t in Triggers)
        {
            table.AddRow(Markup.Escape(t.Name), Markup.Escape(t.Description), Markup.Escape($"{t.BizType} {t.BizStatus}"));
        }

        output.Write(table);
    }

    /// <summary>Polls the merchant's events until the trigger's event has its first outcome.</summary>
    private static async Task<JsonElement?> WaitAsync(CliOutput output, bool json, CitrineClient client,
        Trigger trigger, long afterEventId, string? bizIdStr, TimeSpan wait, CancellationToken ct)
    {
        JsonElement? detail = null;
        var status = $"Waiting for the {trigger.BizType} {trigger.BizStatus} webhook…";
        // The spinner is for people; --json output stays one JSON document.
        Func<Func<Task>, Task> around = json
            ? poll => poll()
            : poll => output.Console.Status().StartAsync(status, _ => poll());
        await around(async () =>
            {
                var deadline = DateTime.UtcNow + wait;
                long? eventId = null;
                while (DateTime.UtcNow < deadline)
                {
                    if (eventId is null)
                    {
                        var events = await client.Sandbox.ListWebhookEventsAsync(50, null, ct).ConfigureAwait(false);
                        eventId = events.EnumerateArray()
                            .Where(e => e.GetProperty("eventId").GetInt64() > afterEventId
                                && e.GetProperty("bizType").GetString() == trigger.BizType
                                && e.GetProperty("bizStatus").GetString() == trigger.BizStatus
                                && (bizIdStr is null || e.GetProperty("bizIdStr").GetString() == bizIdStr))
                            .Select(e => (long?)e.GetProperty("eventId").GetInt64())
                            .LastOrDefault();
                    }

                    if (eventId is { } id)
                    {
                        var current = await client.Sandbox.GetWebhookEventAsync(id, ct).ConfigureAwait(false);
                        detail = current;
                        if (current.GetProperty("attempts").GetArrayLength() > 0
                            || current.GetProperty("event").GetProperty("state").GetString() != "PENDING")
                        {
                            return;
                        }
                    }

                    await Task.Delay(PollInterval, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return detail;
    }

    private static void Render(CliOutput output, Trigger trigger, Made made, JsonElement? detail, string outcome,
        bool json)
    {
        if (json)
        {
            output.Json(new
            {
                @event = trigger.Name,
                bizType = trigger.BizType,
                bizStatus = trigger.BizStatus,
                ids = made.Ids.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal),
                outcome,
                webhook = detail,
            });
            return;
        }

        output.Table($"Triggered {trigger.Name}", [.. made.Ids.Select(i => (i.Name, (string?)i.Value))]);
        if (detail is { } d)
        {
            EventsCommand.Render(output, d, json: false);
        }

        switch (outcome)
        {
            case "delivered":
                output.Console.MarkupLine("[green]Webhook delivered.[/]");
                break;
            case "not-found":
                output.Error($"no {trigger.BizType} {trigger.BizStatus} event appeared in time; is a webhookUrl set for the merchant?");
                break;
            case "waiting":
                output.Error("the webhook had no delivery attempt in time (see citrine events show)");
                break;
            default:
                output.Error($"the webhook attempt failed ({outcome}); Citrine retries on its schedule (citrine events show)");
                break;
        }
    }

    /// <summary><c>delivered</c>, <c>not-found</c>, <c>waiting</c>, or the failed attempt's state.</summary>
    internal static string Outcome(JsonElement? detail)
    {
        if (detail is not { } d)
        {
            return "not-found";
        }

        var attempts = d.GetProperty("attempts");
        if (attempts.GetArrayLength() == 0)
        {
            return d.GetProperty("event").GetProperty("state").GetString() == "PENDING"
                ? "waiting"
                : d.GetProperty("event").GetProperty("state").GetString()!.ToLowerInvariant();
        }

        var last = attempts[attempts.GetArrayLength() - 1];
        return last.GetProperty("delivered").GetBoolean()
            ? "delivered"
            : "failed: " + (EventsCommand.Text(last, "error") ?? "HTTP " + EventsCommand.Text(last, "httpStatus"));
    }

    /// <summary>An event the command can make happen, and the webhook it then waits for.</summary>
    internal sealed record Trigger(string Name, string Description, string BizType, string BizStatus,
        Func<TriggerContext, Task<Made>> Run);

    /// <summary>What a trigger made: the ids to print, and the webhook's <c>bizIdStr</c> when known in advance.</summary>
    internal sealed record Made(IReadOnlyList<(string Name, string Value)> Ids, string? BizIdStr)
    {
        public string PrepayId => Ids.First(i => i.Name == "prepayId").Value;

        public string MerchantContractCode => Ids.First(i => i.Name == "merchantContractCode").Value;

        public long? ContractId => Ids.Where(i => i.Name == "contractId")
            .Select(i => (long?)long.Parse(i.Value, CultureInfo.InvariantCulture)).FirstOrDefault();
    }

    /// <summary>The steps triggers share: an order, a paid order, a refund, a signed contract.</summary>
    internal sealed class TriggerContext(CitrineClient client, long? buyerId, decimal amount, string currency,
        CancellationToken ct)
    {
        private long? _buyerId = buyerId;

        public CitrineClient Client { get; } = client;

        public decimal Amount { get; } = amount;

        public string Currency { get; } = currency;

        public CancellationToken Ct { get; } = ct;

        public async Task<Made> OrderAsync()
        {
            var tradeNo = "trg" + Guid.NewGuid().ToString("N")[..24];
            var created = await Client.Orders.CreateAsync(new CreateOrderV2Request
            {
                Env = new OrderEnv { TerminalType = "WEB" },
                MerchantTradeNo = tradeNo,
                OrderAmount = Amount,
                Currency = Currency,
                Goods = new OrderGoods
                {
                    GoodsType = "02",
                    GoodsCategory = "Z000",
                    ReferenceGoodsId = tradeNo,
                    GoodsName = "citrine trigger",
                },
            }, Ct).ConfigureAwait(false);
            return new Made([("merchantTradeNo", tradeNo), ("prepayId", created.PrepayId)], created.PrepayId);
        }

        public async Task<Made> PaidOrderAsync()
        {
            var order = await OrderAsync().ConfigureAwait(false);
            var buyer = await BuyerAsync().ConfigureAwait(false);
            await Client.Sandbox.PayOrderAsync(new SandboxPayRequest
            {
                PrepayId = order.PrepayId,
                BuyerId = buyer.ToString(CultureInfo.InvariantCulture),
            }, Ct).ConfigureAwait(false);
            return order with { Ids = [.. order.Ids, ("buyerId", buyer.ToString(CultureInfo.InvariantCulture))] };
        }

        public async Task<Made> RefundedOrderAsync(bool reject)
        {
            var order = await PaidOrderAsync().ConfigureAwait(false);
            if (reject)
            {
                await Client.Sandbox.RejectNextRefundAsync(long.Parse(order.PrepayId, CultureInfo.InvariantCulture), Ct)
                    .ConfigureAwait(false);
            }

            var refundRequestId = "trg" + Guid.NewGuid().ToString("N")[..24];
            await Client.Refunds.CreateAsync(new RefundOrderRequest
            {
                RefundRequestId = refundRequestId,
                PrepayId = order.PrepayId,
                RefundAmount = Amount,
            }, Ct).ConfigureAwait(false);
            return order with { Ids = [.. order.Ids, ("refundRequestId", refundRequestId)] };
        }

        public async Task<Made> SignedContractAsync()
        {
            var code = "trg" + Guid.NewGuid().ToString("N")[..24];
            await Client.DirectDebit.CreateContractAsync(new CreateContractRequest
            {
                MerchantContractCode = code,
                ServiceName = "citrine trigger",
                ScenarioCode = "Others",
                SingleUpperLimit = Amount,
                Currency = Currency,
                Periodic = false,
            }, Ct).ConfigureAwait(false);
            var buyer = await BuyerAsync().ConfigureAwait(false);
            var signed = await Client.Sandbox.SignContractAsync(code, buyer, Ct).ConfigureAwait(false);
            var contractId = signed.GetProperty("contractId").ToString();
            return new Made(
                [("merchantContractCode", code), ("contractId", contractId), ("buyerId", buyer.ToString(CultureInfo.InvariantCulture))],
                contractId);
        }

        /// <summary>The buyer given, or the merchant's own <see cref="BuyerName"/> buyer (created once, funded).</summary>
        private async Task<long> BuyerAsync()
        {
            if (_buyerId is { } known)
            {
                return known;
            }

            var buyers = await Client.Sandbox.ListBuyersAsync(Ct).ConfigureAwait(false);
            foreach (var buyer in buyers.EnumerateArray())
            {
                if (buyer.GetProperty("name").GetString() == BuyerName && !buyer.GetProperty("shared").GetBoolean())
                {
                    return (_buyerId = buyer.GetProperty("buyerId").GetInt64()).Value;
                }
            }

            var created = await Client.Sandbox.CreateBuyerAsync(new SandboxBuyerRequest
            {
                Name = BuyerName,
                Funds = new Dictionary<string, string> { ["USDT"] = "50000", ["USDC"] = "50000" },
            }, Ct).ConfigureAwait(false);
            return (_buyerId = created.GetProperty("buyerId").GetInt64()).Value;
        }
    }
}
