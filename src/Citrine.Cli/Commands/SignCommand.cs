using System.CommandLine;
using Citrine.Cli.Doctor;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine sign</c>: computes a request signature (HMAC-SHA512 over <c>timestamp\nnonce\nbody\n</c>) and, given
/// the signature a client sent, says why it does not match (the 400002 doctor).
/// </summary>
public static class SignCommand
{
    public static Command Create(CliOutput output)
    {
        var secret = new Option<string>("--secret") { Description = "API secret", Required = true };
        var timestamp = new Option<string>("--timestamp") { Description = "BinancePay-Timestamp as sent", Required = true };
        var nonce = new Option<string>("--nonce") { Description = "BinancePay-Nonce as sent", Required = true };
        var body = new Option<FileInfo>("--body") { Description = "File with the exact request body bytes", Required = true };
        var signature = new Option<string?>("--signature") { Description = "BinancePay-Signature the client sent, to check" };
        var json = CommonOptions.Json();
        var command = new Command("sign", "Compute a request signature; with --signature, explain a 400002")
        {
            secret, timestamp, nonce, body, signature, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var bytes = await File.ReadAllBytesAsync(parse.GetValue(body)!.FullName, ct).ConfigureAwait(false);
            var report = RequestSignatureDoctor.Examine(parse.GetValue(secret)!, parse.GetValue(timestamp)!,
                parse.GetValue(nonce)!, bytes, parse.GetValue(signature));
            return DoctorOutput.Write(output, parse.GetValue(json), report, "request signature",
                ("expected signature", parse.GetValue(signature)),
                ("body bytes", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
        return command;
    }
}
