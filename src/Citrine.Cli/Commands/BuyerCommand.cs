using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Citrine.Client;
using Citrine.Client.Sandbox;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine buyer create|list|fund|kyc</c>: sandbox buyers through the admin API of a running server.
/// <c>--fund 1000 USDT --fund 2 BNB</c> funds several assets at once. <c>create</c> with <c>--api-key</c> and
/// <c>--api-secret</c> creates the merchant's own buyer through the signed <c>/sandbox/buyers</c> instead
/// (docs/sandbox.md#buyers).
/// </summary>
public static class BuyerCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("buyer", "Manage sandbox buyers and their wallets (admin API)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(FundCommand(output));
        command.Subcommands.Add(KycCommand(output));
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
        var merchantId = new Option<long?>("--merchant-id") { Description = "Owner: only this merchant may use it" };
        var shared = new Option<bool>("--shared") { Description = "Every merchant may use it (the default)" };
        var binanceId = new Option<long?>("--binance-id") { Description = "Binance ID (default: generated)" };
        var payId = new Option<long?>("--pay-id") { Description = "Pay ID (default: generated)" };
        var email = new Option<string?>("--email") { Description = "Registration e-mail (default: generated)" };
        var mobileCode = new Option<string?>("--mobile-code") { Description = "Phone country code, e.g. 971" };
        var mobileNumber = new Option<string?>("--mobile-number") { Description = "Phone number (default: generated)" };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "Create the merchant's own buyer, signed with this API key (with --api-secret)",
        };
        var apiSecret = new Option<string?>("--api-secret") { Description = "The API key's secret" };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("create", "Create a sandbox buyer, optionally funded")
        {
            name, fund, merchantId, shared, binanceId, payId, email, mobileCode, mobileNumber, apiKey, apiSecret,
            server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var funds = ParseFunds(parse.GetValue(fund));
            var identity = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = parse.GetValue(name),
                ["funds"] = funds,
                ["binanceId"] = parse.GetValue(binanceId),
                ["payId"] = parse.GetValue(payId),
                ["email"] = parse.GetValue(email),
                ["mobileCode"] = parse.GetValue(mobileCode),
                ["mobileNumber"] = parse.GetValue(mobileNumber),
            };
            if (parse.GetValue(apiKey) is { } key)
            {
                var client = new CitrineClient(new Uri(parse.GetValue(server)!),
                    new CitrineCredential(key, parse.GetValue(apiSecret)
                        ?? throw new InvalidOperationException("--api-key needs --api-secret")));
                JsonElement own;
                try
                {
                    own = await client.Sandbox.CreateBuyerAsync(new SandboxBuyerRequest
                    {
                        Name = parse.GetValue(name)!,
                        Funds = funds,
                        BinanceId = parse.GetValue(binanceId),
                        PayId = parse.GetValue(payId),
                        Email = parse.GetValue(email),
                        MobileCode = parse.GetValue(mobileCode),
                        MobileNumber = parse.GetValue(mobileNumber),
                    }, ct).ConfigureAwait(false);
                }
                catch (CitrineApiException e)
                {
                    throw new InvalidOperationException($"{e.Code} {e.CodeName}: {e.ErrorMessage}", e);
                }

                Print(output, "Buyer created", own, parse.GetValue(json));
                return 0;
            }

            identity["merchantId"] = parse.GetValue(merchantId);
            identity["shared"] = parse.GetValue(shared) ? true : null;
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var buyer = await admin.PostAsync("admin/buyers",
                identity.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value), ct)
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
                .AddColumn("binanceId").AddColumn("payId").AddColumn("email").AddColumn("mobile").AddColumn("owner")
                .AddColumn("balances");
            foreach (var buyer in buyers.EnumerateArray())
            {
                table.AddRow(Markup.Escape(Id(buyer)),
                    Markup.Escape(buyer.GetProperty("name").GetString() ?? ""),
                    Markup.Escape(Number(buyer, "binanceId")), Markup.Escape(Number(buyer, "payId")),
                    Markup.Escape(buyer.GetProperty("email").GetString() ?? ""), Markup.Escape(Mobile(buyer)),
                    Markup.Escape(Owner(buyer)), Markup.Escape(Balances(buyer)));
            }

            output.Write(table);
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

    /// <summary><c>buyer kyc BUYERID --first-name … --kyc-incomplete</c>: replaces the buyer's KYC profile (payer
    /// verification, blocked payer countries); parts left out become unknown.</summary>
    private static Command KycCommand(CliOutput output)
    {
        var id = new Argument<long>("buyerId");
        var firstName = new Option<string?>("--first-name") { Description = "First name" };
        var lastName = new Option<string?>("--last-name") { Description = "Last name" };
        var birth = new Option<string?>("--date-of-birth") { Description = "Date of birth, YYYY-MM-DD" };
        var nationality = new Option<string?>("--nationality") { Description = "Nationality, ISO-2 (e.g. SG)" };
        var residence = new Option<string?>("--residence") { Description = "Country of residence, ISO-2" };
        var incomplete = new Option<bool>("--kyc-incomplete") { Description = "The buyer has not completed KYC" };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("kyc", "Set a sandbox buyer's KYC profile")
        {
            id, firstName, lastName, birth, nationality, residence, incomplete, server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var body = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["firstName"] = parse.GetValue(firstName),
                ["lastName"] = parse.GetValue(lastName),
                ["dateOfBirth"] = parse.GetValue(birth),
                ["nationality"] = parse.GetValue(nationality)?.ToUpperInvariant(),
                ["countryOfResidence"] = parse.GetValue(residence)?.ToUpperInvariant(),
                ["kycIncomplete"] = parse.GetValue(incomplete),
            };
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var buyer = await admin.PostAsync(
                string.Create(CultureInfo.InvariantCulture, $"admin/buyers/{parse.GetValue(id)}/kyc"),
                body.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value), ct).ConfigureAwait(false);
            Print(output, "Buyer KYC set", buyer, parse.GetValue(json));
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
            ("binanceId", Number(buyer, "binanceId")), ("payId", Number(buyer, "payId")),
            ("email", buyer.GetProperty("email").GetString()), ("mobile", Mobile(buyer)), ("owner", Owner(buyer)),
            ("balances", Balances(buyer)));
    }

    private static string Number(JsonElement buyer, string name) =>
        buyer.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Mobile(JsonElement buyer) =>
        $"+{buyer.GetProperty("mobileCode").GetString()} {buyer.GetProperty("mobileNumber").GetString()}";

    /// <summary>The owning merchant, or "shared".</summary>
    private static string Owner(JsonElement buyer) =>
        buyer.TryGetProperty("merchantId", out var owner) && owner.ValueKind == JsonValueKind.Number
            ? owner.GetInt64().ToString(CultureInfo.InvariantCulture)
            : "shared";

    private static string Id(JsonElement buyer) =>
        buyer.GetProperty("buyerId").GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Balances(JsonElement buyer) => string.Join(", ", buyer.GetProperty("balances")
        .EnumerateObject().Select(b => $"{b.Value.GetString()} {b.Name}"));
}
