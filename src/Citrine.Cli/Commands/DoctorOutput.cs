using Citrine.Cli.Doctor;

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
            // Plain lines (no console wrapping): findings are long and are read, copied and grepped.
            output.Writer.WriteLine(report.Matches
                ? $"OK: the {what} verifies."
                : $"FAILED: the {what} does not verify.");
            // The signed string on its own line, control characters spelled out, so that every byte is visible.
            output.Writer.WriteLine("signed string: " + Visible(report.SignedString));
            var rows = new List<(string, string?)>();
            if (report.Computed is not null)
            {
                rows.Add(("computed signature", report.Computed));
            }

            rows.AddRange(extra);
            output.Table("Signature", [.. rows]);
            foreach (var finding in report.Findings)
            {
                output.Writer.WriteLine($"* {finding}");
            }
        }

        return report.Matches ? ExitCodes.Success : ExitCodes.SignatureMismatch;
    }

    private static string Visible(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
