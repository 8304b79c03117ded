using System.CommandLine;
using Citrine.Contracts.Merchants;
using Citrine.Contracts.Orders;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine order create|query|close|verify-payer</c>: the order API through Citrine.Client.</summary>
public static class OrderCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("order", "Create, query and close orders (merchant API, signed)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(QueryCommand(output));
        command.Subcommands.Add(CloseCommand(output));
        command.Subcommands.Add(VerifyPayerCommand(output));
        return command;
    }

    private static Command CreateCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var amount = new Option<decimal>("--amount") { Description = "orderAmount (totalFee on v1)", Required = true };
        var currency = new Option<string>("--currency") { Description = "Currency", DefaultValueFactory = _ => "USDT" };
        var tradeNo = new Option<string?>("--trade-no") { Description = "merchantTradeNo (default: a new one)" };
        var name = new Option<string>("--name")
        {
            Description = "Goods or product name",
            DefaultValueFactory = _ => "Goods",
        };
        var version = new Option<int>("--api-version")
        {
            Description = "Create Order version: 1, 2 or 3",
            DefaultValueFactory = _ => 2,
        };
        var merchantId = new Option<long?>("--merchant-id") { Description = "merchantId (required by v1)" };
        var returnUrl = new Option<string?>("--return-url") { Description = "returnUrl" };
        var webhookUrl = new Option<string?>("--webhook-url") { Description = "webhookUrl (v2, v3)" };
        var command = new Command("create", "Create an order and print its checkout link")
        {
            amount, currency, tradeNo, name, version, merchantId, returnUrl, webhookUrl,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var order = new NewOrder(parse.GetValue(tradeNo) ?? "cli" + Guid.NewGuid().ToString("N")[..24],
                parse.GetValue(amount), parse.GetValue(currency)!, parse.GetValue(name)!, parse.GetValue(returnUrl),
                parse.GetValue(webhookUrl));
            return parse.GetValue(version) switch
            {
                1 => SdkCall.RunAsync(output, sdk, parse, "Order created (v1)",
                    c => c.Orders.CreateAsync(order.V1(parse.GetValue(merchantId)), ct)),
                2 => SdkCall.RunAsync(output, sdk, parse, "Order created", c => c.Orders.CreateAsync(order.V2(), ct)),
                3 => SdkCall.RunAsync(output, sdk, parse, "Order created (v3)",
                    c => c.Orders.CreateAsync(order.V3(), ct)),
                var other => throw new InvalidOperationException($"--api-version {other}: use 1, 2 or 3"),
            };
        });
        return command;
    }

    private static Command QueryCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var (prepayId, tradeNo) = LookupOptions();
        var version = new Option<int>("--api-version")
        {
            Description = "Query Order version: 1 or 2",
            DefaultValueFactory = _ => 2,
        };
        var command = new Command("query", "Query an order by --prepay-id or --trade-no") { prepayId, tradeNo, version };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var lookup = Lookup(parse, prepayId, tradeNo);
            return SdkCall.RunAsync(output, sdk, parse, "Order", c => parse.GetValue(version) == 1
                ? c.Orders.GetV1Async(lookup, ct)
                : c.Orders.GetAsync(lookup, ct));
        });
        return command;
    }

    private static Command CloseCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var (prepayId, tradeNo) = LookupOptions();
        var command = new Command("close", "Close an unpaid order by --prepay-id or --trade-no") { prepayId, tradeNo };
        sdk.AddTo(command);
        command.SetAction((parse, ct) => SdkCall.RunAsync(output, sdk, parse, "Order closed",
            c => c.Orders.CloseAsync(Lookup(parse, prepayId, tradeNo), ct)));
        return command;
    }

    private static Command VerifyPayerCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var binanceId = new Option<string?>("--binance-id") { Description = "The payer's Binance ID" };
        var accountId = new Option<string?>("--account-id") { Description = "The payer's Pay ID (older name)" };
        var payerType = new Option<string>("--payer-type")
        {
            Description = "INDIVIDUAL or CORPORATE",
            DefaultValueFactory = _ => "INDIVIDUAL",
        };
        var info = new Option<string[]>("--info")
        {
            Description = "CATEGORY=VALUE to verify, e.g. --info FIRST_NAME=Alice (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var (prepayId, tradeNo) = LookupOptions();
        var command = new Command("verify-payer",
            "Payer verification: does the payer's KYC data match? Prints true or false")
        {
            binanceId, accountId, payerType, info, prepayId, tradeNo,
        };
        sdk.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(binanceId) is null && parse.GetValue(accountId) is null)
            {
                throw new InvalidOperationException("Give --binance-id or --account-id.");
            }

            var items = (parse.GetValue(info) ?? []).Select(item =>
            {
                var at = item.IndexOf('=', StringComparison.Ordinal);
                return at <= 0
                    ? throw new InvalidOperationException($"--info {item}: use CATEGORY=VALUE")
                    : new PayerInformation { Category = item[..at].ToUpperInvariant(), Value = item[(at + 1)..] };
            }).ToList();
            var request = new PayerVerificationRequest
            {
                BinanceId = parse.GetValue(binanceId),
                AccountId = parse.GetValue(accountId),
                PayerType = parse.GetValue(payerType)!,
                Information = items,
                PrepayId = parse.GetValue(prepayId),
                MerchantTradeNo = parse.GetValue(tradeNo),
            };
            return SdkCall.RunAsync(output, sdk, parse, "Payer verification",
                async c => new { matches = await c.Orders.VerifyPayerAsync(request, ct).ConfigureAwait(false) });
        });
        return command;
    }

    private static (Option<string?> PrepayId, Option<string?> TradeNo) LookupOptions() =>
        (new Option<string?>("--prepay-id") { Description = "prepayId" },
            new Option<string?>("--trade-no") { Description = "merchantTradeNo" });

    private static OrderLookupRequest Lookup(ParseResult parse, Option<string?> prepayId, Option<string?> tradeNo)
    {
        var lookup = new OrderLookupRequest
        {
            PrepayId = parse.GetValue(prepayId),
            MerchantTradeNo = parse.GetValue(tradeNo),
        };
        return lookup.PrepayId is null && lookup.MerchantTradeNo is null
            ? throw new InvalidOperationException("Give --prepay-id or --trade-no.")
            : lookup;
    }

    /// <summary>What <c>order create</c> was given, as each Create Order version spells it.</summary>
    private sealed record NewOrder(string TradeNo, decimal Amount, string Currency, string Name, string? ReturnUrl,
        string? WebhookUrl)
    {
        public CreateOrderV1Request V1(long? merchantId) => new()
        {
            MerchantId = merchantId
                ?? throw new InvalidOperationException("--merchant-id is required with --api-version 1"),
            MerchantTradeNo = TradeNo,
            TradeType = "WEB",
            TotalFee = Amount,
            Currency = Currency,
            ProductType = "Goods",
            ProductName = Name,
            ReturnUrl = ReturnUrl,
        };

        public CreateOrderV2Request V2() => new()
        {
            Env = new OrderEnv { TerminalType = "WEB" },
            MerchantTradeNo = TradeNo,
            OrderAmount = Amount,
            Currency = Currency,
            ReturnUrl = ReturnUrl,
            WebhookUrl = WebhookUrl,
            Goods = new OrderGoods
            {
                GoodsType = "02",
                GoodsCategory = "Z000",
                ReferenceGoodsId = TradeNo,
                GoodsName = Name,
            },
        };

        public CreateOrderV3Request V3() => new()
        {
            Env = new OrderEnv { TerminalType = "WEB" },
            MerchantTradeNo = TradeNo,
            OrderAmount = Amount,
            Currency = Currency,
            Description = Name,
            ReturnUrl = ReturnUrl,
            WebhookUrl = WebhookUrl,
        };
    }
}
