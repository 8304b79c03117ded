using System.CommandLine;
using System.Globalization;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine key create|revoke</c> through the admin API of a running server.</summary>
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

        command.Subcommands.Add(create);
        command.Subcommands.Add(revoke);
        return command;
    }
}
