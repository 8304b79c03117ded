using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine merchant create|list|update</c> through the admin API of a running server.</summary>
public static class MerchantCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("merchant", "Manage merchants (admin API)");
        command.Subcommands.Add(CreateCommand(output));
        command.Subcommands.Add(ListCommand(output));
        command.Subcommands.Add(UpdateCommand(output));
        return command;
    }

    private static Command CreateCommand(CliOutput output)
    {
        var name = new Option<string>("--name") { Description = "Merchant name", DefaultValueFactory = _ => "My Shop" };
        var webhook = new Option<string?>("--webhook-url") { Description = "Default webhook URL of the merchant" };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("create", "Create a merchant and its first API key; prints the secret once")
        {
            name, webhook, server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var created = await admin.PostAsync("admin/merchants",
                new { name = parse.GetValue(name), webhookUrl = parse.GetValue(webhook) }, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(created);
                return 0;
            }

            var merchant = created.GetProperty("merchant");
            output.Table("Merchant created (the secret is shown only now)",
                ("merchantId", merchant.GetProperty("merchantId").GetInt64().ToString(CultureInfo.InvariantCulture)),
                ("name", merchant.GetProperty("name").GetString()),
                ("apiKey (BinancePay-Certificate-SN)", created.GetProperty("apiKey").GetString()),
                ("apiSecret", created.GetProperty("apiSecret").GetString()));
            return 0;
        });
        return command;
    }

    private static Command ListCommand(CliOutput output)
    {
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("list", "Every merchant, oldest first") { server, token, dataDir, json };
        command.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var merchants = await admin.GetAsync("admin/merchants", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(merchants);
                return 0;
            }

            var table = new Table().Title("Merchants").AddColumn("merchantId").AddColumn("name").AddColumn("status")
                .AddColumn("webhookUrl").AddColumn("direct debit");
            foreach (var m in merchants.EnumerateArray())
            {
                table.AddRow(m.GetProperty("merchantId").GetInt64().ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(m.GetProperty("name").GetString() ?? ""), Markup.Escape(m.GetProperty("status").GetString() ?? ""),
                    Markup.Escape(m.TryGetProperty("webhookUrl", out var url) && url.ValueKind == JsonValueKind.String
                        ? url.GetString()!
                        : ""),
                    m.GetProperty("directDebitEnabled").GetBoolean() ? "on" : "off");
            }

            output.Write(table);
            return 0;
        });
        return command;
    }

    private static Command UpdateCommand(CliOutput output)
    {
        var id = new Argument<long>("merchantId");
        var status = new Option<string?>("--status") { Description = "ACTIVE or DISABLED" };
        var webhook = new Option<string?>("--webhook-url") { Description = "Default webhook URL" };
        var directDebit = new Option<bool?>("--direct-debit") { Description = "Enable direct debit (true/false)" };
        var convert = new Option<bool?>("--convert") { Description = "Enable Convert (true/false)" };
        var acceptsSplits = new Option<bool?>("--accepts-splits")
        {
            Description = "Let other merchants register this one as a profit-sharing receiver (true/false)",
        };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var command = new Command("update", "Change a merchant's status, webhook URL, direct-debit or convert access")
        {
            id, status, webhook, directDebit, convert, acceptsSplits, server, token, dataDir, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var merchant = await admin.PostAsync(
                string.Create(CultureInfo.InvariantCulture, $"admin/merchants/{parse.GetValue(id)}"),
                new
                {
                    status = parse.GetValue(status),
                    webhookUrl = parse.GetValue(webhook),
                    directDebitEnabled = parse.GetValue(directDebit),
                    convertEnabled = parse.GetValue(convert),
                    acceptsSplits = parse.GetValue(acceptsSplits),
                }, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(merchant);
            }
            else
            {
                output.Table("Merchant", merchant.EnumerateObject()
                    .Select(p => (p.Name, (string?)(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()
                        : p.Value.GetRawText()))).ToArray());
            }

            return 0;
        });
        return command;
    }
}
