using System.CommandLine;
using Citrine.Cli.Doctor;
using Citrine.Client;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;

namespace Citrine.Cli.Commands;

/// <summary>
/// <c>citrine webhook verify</c>: the webhook signature doctor. Takes the headers (a file of <c>Name: value</c> lines,
/// such as a captured request, or one option each) and the raw body, checks the RSA signature against a certificate
/// file or the server's <c>/certificates</c>, shows the exact signed string and names the usual mistakes.
/// </summary>
public static class WebhookCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("webhook", "Webhook tools");
        command.Subcommands.Add(VerifyCommand(output));
        return command;
    }

    private static Command VerifyCommand(CliOutput output)
    {
        var sdk = new SdkOptions();
        var headersFile = new Option<FileInfo?>("--headers")
        {
            Description = "File of 'Name: value' header lines (a captured request; a body after a blank line is used "
                          + "when --body is not given)",
        };
        var timestamp = new Option<string?>("--timestamp") { Description = "BinancePay-Timestamp" };
        var nonce = new Option<string?>("--nonce") { Description = "BinancePay-Nonce" };
        var signature = new Option<string?>("--signature") { Description = "BinancePay-Signature" };
        var serial = new Option<string?>("--cert-serial") { Description = "BinancePay-Certificate-SN" };
        var body = new Option<FileInfo?>("--body") { Description = "File with the raw body bytes as received" };
        var certFile = new Option<FileInfo?>("--cert-file")
        {
            Description = "PEM public key to verify with (default: fetch /certificates from --server)",
        };
        var command = new Command("verify", "Verify a webhook signature and explain a failure")
        {
            headersFile, timestamp, nonce, signature, serial, body, certFile,
        };
        sdk.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var captured = parse.GetValue(headersFile) is { } file
                ? CapturedRequest.Parse(await File.ReadAllBytesAsync(file.FullName, ct).ConfigureAwait(false))
                : CapturedRequest.Empty;
            var headers = new WebhookHeaders(
                parse.GetValue(timestamp) ?? captured.Header(BinancePayHeaders.Timestamp),
                parse.GetValue(nonce) ?? captured.Header(BinancePayHeaders.Nonce),
                parse.GetValue(signature) ?? captured.Header(BinancePayHeaders.Signature),
                parse.GetValue(serial) ?? captured.Header(BinancePayHeaders.CertificateSn));
            var bytes = parse.GetValue(body) is { } bodyFile
                ? await File.ReadAllBytesAsync(bodyFile.FullName, ct).ConfigureAwait(false)
                : captured.Body ?? throw new InvalidOperationException("Give --body, or a --headers capture with a body.");
            var certificates = await CertificatesAsync(parse, sdk, certFile, ct).ConfigureAwait(false);
            var report = WebhookDoctor.Examine(bytes, headers, certificates);
            return DoctorOutput.Write(output, parse.GetValue(sdk.Json), report, "webhook signature",
                ("BinancePay-Certificate-SN", headers.CertificateSerial),
                ("certificates", string.Join(", ", certificates.Select(c => c.CertSerial))),
                ("event", report.Matches ? Describe(bytes) : null));
        });
        return command;
    }

    private static async Task<IReadOnlyList<CertificateResult>> CertificatesAsync(ParseResult parse, SdkOptions sdk,
        Option<FileInfo?> certFile, CancellationToken cancellationToken)
    {
        if (parse.GetValue(certFile) is { } file)
        {
            var pem = (await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false)).Trim();
            if (!pem.StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{file.Name}: not a PEM public key (-----BEGIN PUBLIC KEY-----), as /certificates serves.");
            }

            return [new CertificateResult { CertSerial = WebhookSignature.SerialOf(pem), CertPublic = pem }];
        }

        return await sdk.CreateClient(parse).Certificates.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Describe(byte[] body)
    {
        try
        {
            var webhook = Client.WebhookEvent.Parse(body);
            return $"{webhook.BizType} {webhook.BizStatus} bizId={webhook.BizId}";
        }
        catch (FormatException e)
        {
            return "signed, but not a webhook body: " + e.Message;
        }
    }
}
