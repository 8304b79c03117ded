using System.Text.Json;
using Citrine.Cli.Doctor;
using Spectre.Console;

namespace Citrine.Cli.Commands;

/// <summary>Prints a <see cref="SignatureReport"/>: the verdict, the exact signed string (escaped, so the newlines
/// show), and each finding.</summary>
public static class DoctorOutput
{
    public static int Write(CliOutput output, bool json, SignatureReport report, string what,
        params (string Name, string? Value)[] extra)
    {
        if (json)
        {
            output.Json(new
            {
                verified = report.Matches,
                signedString = report.SignedString,
                computedSignature = report.Computed,
                findings = report.Findings,
                details = extra.ToDictionary(e => e.Name, e => e.Value),
            });
        }
        else
        {
            output.Console.MarkupLine(report.Matches
                ? $"[green]OK[/]: the {Markup.Escape(what)} verifies."
                : $"[red]FAILED[/]: the {Markup.Escape(what)} does not verify.");
            var rows = new List<(string, string?)> { ("signed string", JsonSerializer.Serialize(report.SignedString)) };
            if (report.Computed is not null)
            {
                rows.Add(("computed signature", report.Computed));
            }

            rows.AddRange(extra);
            output.Table("Signature", [.. rows]);
            foreach (var finding in report.Findings)
            {
                output.Console.MarkupLine($"[yellow]*[/] {Markup.Escape(finding)}");
            }
        }

        return report.Matches ? ExitCodes.Success : ExitCodes.SignatureMismatch;
    }
}
