using System.CommandLine;
using System.Globalization;

namespace Citrine.Cli.Commands;

/// <summary><c>citrine cert rotate</c>: a new webhook signing key through the admin API of a running server.</summary>
public static class CertCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("cert", "Manage the webhook signing certificates (admin API)");
        var (server, token, dataDir, json) = (CommonOptions.Server(), CommonOptions.AdminToken(),
            CommonOptions.DataDir(), CommonOptions.Json());
        var rotate = new Command("rotate",
            "Create a new signing key; the previous certificate stays listed for the grace period")
        {
            server, token, dataDir, json,
        };
        rotate.SetAction(async (parse, ct) =>
        {
            using var admin = new AdminClient(parse.GetValue(server)!, parse.GetValue(token), parse.GetValue(dataDir)!);
            var certificates = await admin.PostAsync("admin/certificates/rotate", null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Json(certificates);
                return 0;
            }

            output.Table("Webhook certificates (current first)", certificates.EnumerateArray()
                .Select((c, i) => (i == 0 ? "current" : "previous",
                    (string?)string.Create(CultureInfo.InvariantCulture,
                        $"{c.GetProperty("certSerial").GetString()} (created {c.GetProperty("createdAtMs").GetInt64()})")))
                .ToArray());
            return 0;
        });
        command.Subcommands.Add(rotate);
        return command;
    }
}
