using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine key create|list|revoke</c> through the admin API of a running server.</summary>
public static class KeyCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("key", "Manage API keys (admin API)");

        var merchantId = new Option<long>("--merchant-id") { Description = "Merchant id", Required = true };
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var create = new Command("create", "Create an API key; prints the secret once")
        {
            merchantId, server, token, dataDir, json,
        };
        create.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var key = await admin.PostAsync(
                string.Create(CultureInfo.InvariantCulture, $"admin/merchants/{parse.GetValue(merchantId)}/keys"),
                null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(key);
            }
            else
            {
                output.Table("API key created (the secret is shown only now)",
                    ("apiKey", key.GetProperty("apiKey").GetString()),
                    ("apiSecret", key.GetProperty("apiSecret").GetString()));
            }

            return 0;
        });

        var apiKey = new Argument<string>("apiKey");
        var revoke = new Command("revoke", "Revoke an API key at once") { apiKey, server, token, dataDir, json };
        revoke.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            await admin.PostAsync($"admin/keys/{parse.GetValue(apiKey)}/revoke", null, ct).ConfigureAwait(false);
            output.Writer.WriteLine(parse.GetValue(json) ? "true" : $"Revoked {parse.GetValue(apiKey)}");
            return 0;
        });

        var listMerchant = new Option<long>("--merchant-id") { Description = "Merchant id", Required = true };
        var list = new Command("list", "A merchant's API keys, revoked ones included (never the secrets)")
        {
            listMerchant, server, token, dataDir, json,
        };
        list.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var keys = await admin.GetAsync(
                string.Create(CultureInfo.InvariantCulture, $"admin/merchants/{parse.GetValue(listMerchant)}/keys"),
                ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(keys);
                return 0;
            }

            var table = new Table().Title("API keys").AddColumn("apiKey").AddColumn("created (UTC)").AddColumn("state");
            foreach (var key in keys.EnumerateArray())
            {
                // The wire leaves null fields out: an active key has no revokedAtMs.
                table.AddRow(Markup.Escape(key.GetProperty("apiKey").GetString()!),
                    Utc(key.GetProperty("createdAtMs").GetInt64()),
                    key.TryGetProperty("revokedAtMs", out var revoked) && revoked.ValueKind == JsonValueKind.Number
                        ? "revoked " + Utc(revoked.GetInt64())
                        : "active");
            }

            output.Write(table);
            return 0;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    private static string Utc(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
