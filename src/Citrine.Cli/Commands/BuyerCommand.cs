using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine buyer create|list|fund</c>: sandbox buyers through the admin API of a running server.
/// <c>--fund 1000 USDT --fund 2 BNB</c> funds several assets at once.
/// </summary>
public static class BuyerCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("buyer", "Manage sandbox buyers and their wallets (admin API)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(FundCommand(output));
        return command;
    }

    private static Option<string[]> FundOption() => new("--fund")
    {
        Description = "Amount and asset to fund, e.g. --fund 1000 USDT (repeatable)",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Command CreateCommand(CliOutput output)
    {
        var name = new Option<string>("--name") { Description = "Buyer name", DefaultValueFactory = _ => "Alice" };
        var fund = FundOption();
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("create", "Create a sandbox buyer, optionally funded")
        {
            name, fund, server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var funds = ParseFunds(parse.GetValue(fund));
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var buyer = await admin.PostAsync("admin/buyers", new { name = parse.GetValue(name), funds }, ct)
                .ConfigureAwait(false);
            Print(output, "Buyer created", buyer, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command ListCommand(CliOutput output)
    {
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("list", "List sandbox buyers and their balances") { server, token, dataDir, json };
        command.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var buyers = await admin.GetAsync("admin/buyers", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(buyers);
                return 0;
            }

            var table = new Table().Title("Sandbox buyers").AddColumn("buyerId").AddColumn("name")
                .AddColumn("balances");
            foreach (var buyer in buyers.EnumerateArray())
            {
                table.AddRow(Markup.Escape(Id(buyer)),
                    Markup.Escape(buyer.GetProperty("name").GetString() ?? ""),
                    Markup.Escape(Balances(buyer)));
            }

            output.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command FundCommand(CliOutput output)
    {
        var id = new Argument<long>("buyerId");
        var fund = FundOption();
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("fund", "Add sandbox money to a buyer's wallet")
        {
            id, fund, server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var funds = ParseFunds(parse.GetValue(fund));
            if (funds.Count == 0)
            {
                throw new InvalidOperationException("give at least one --fund AMOUNT ASSET");
            }

            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var buyer = await admin.PostAsync(
                string.Create(CultureInfo.InvariantCulture, $"admin/buyers/{parse.GetValue(id)}/fund"),
                new { funds }, ct).ConfigureAwait(false);
            Print(output, "Buyer funded", buyer, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    /// <summary>Pairs of <c>AMOUNT ASSET</c> (either order) into <c>{asset: "amount"}</c>; amounts stay text so the
    /// server parses them exactly.</summary>
    internal static Dictionary<string, string> ParseFunds(string[]? tokens)
    {
        var funds = new Dictionary<string, string>(StringComparer.Ordinal);
        tokens ??= [];
        if (tokens.Length % 2 != 0)
        {
            throw new InvalidOperationException("--fund takes an amount and an asset, e.g. --fund 1000 USDT");
        }

        for (var i = 0; i < tokens.Length; i += 2)
        {
            var (amount, asset) = IsAmount(tokens[i]) ? (tokens[i], tokens[i + 1]) : (tokens[i + 1], tokens[i]);
            if (!IsAmount(amount))
            {
                throw new InvalidOperationException($"--fund {tokens[i]} {tokens[i + 1]}: no amount");
            }

            funds[asset.ToUpperInvariant()] = amount;
        }

        return funds;
    }

    private static bool IsAmount(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    private static void Print(CliOutput output, string title, JsonElement buyer, bool json)
    {
        if (json)
        {
            output.Json(buyer);
            return;
        }

        output.Table(title, ("buyerId", Id(buyer)), ("name", buyer.GetProperty("name").GetString()),
            ("balances", Balances(buyer)));
    }

    private static string Id(JsonElement buyer) =>
        buyer.GetProperty("buyerId").GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Balances(JsonElement buyer) => string.Join(", ", buyer.GetProperty("balances")
        .EnumerateObject().Select(b => $"{b.Value.GetString()} {b.Name}"));
}
