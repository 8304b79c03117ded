using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Client.Tests.TestData;
using Citrine.Contracts.Signing;

namespace Citrine.Cli.Tests;

/// <summary><c>citrine webhook verify</c> and <c>citrine sign</c>: the signature doctors on the published vectors and
/// on each usual mistake.</summary>
public sealed class DoctorCommandTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string CertFile = CliRunner.TempFile(BinancePayRsKeyPair.PublicKeyPem);

    private static string[] WebhookArgs(string body, string signature, string serial = BinancePayRsKeyPair.CertSerial) =>
    [
        "webhook", "verify", "--timestamp", WebhookVectors.Timestamp, "--nonce", WebhookVectors.Nonce,
        "--signature", signature, "--cert-serial", serial, "--body", CliRunner.TempFile(body), "--cert-file", CertFile,
    ];

    [Fact]
    public async Task TV_W2_verifies_and_the_exact_signed_string_is_shown()
    {
        var (exit, output) = await CliRunner.RunAsync([.. WebhookArgs(WebhookVectors.W2Body, WebhookVectors.W2Signature), "--json"]);

        exit.ShouldBe(0, output);
        var report = JsonDocument.Parse(output).RootElement;
        report.GetProperty("verified").GetBoolean().ShouldBeTrue();
        report.GetProperty("signedString").GetString()
            .ShouldBe($"{WebhookVectors.Timestamp}\n{WebhookVectors.Nonce}\n{WebhookVectors.W2Body}\n");
        report.GetProperty("details").GetProperty("event").GetString().ShouldBe("PAY PAY_SUCCESS bizId=29383937493038367292");
    }

    [Theory]
    // what JSON.stringify(JSON.parse(body)) writes (docs/api-reference.md#webhook-envelope, ISS-SIG#3)
    [InlineData("29383937493038367000")]
    [InlineData("29383937493038370000")]
    public async Task A_bizId_rounded_by_a_double_parser_is_named(string rounded)
    {
        var body = WebhookVectors.W2Body.Replace("29383937493038367292", rounded, StringComparison.Ordinal);

        var (exit, output) = await CliRunner.RunAsync(WebhookArgs(body, WebhookVectors.W2Signature));

        exit.ShouldBe(6);
        output.ShouldContain("FAILED");
        output.ShouldContain($"bizId {rounded}");
        output.ShouldContain("rounded");
    }

    [Fact]
    public async Task A_bizId_that_differs_from_bizIdStr_is_named()
    {
        var body = """{"bizType":"PAY","bizId":123289163323899900,"bizIdStr":"123289163323899904","bizStatus":"PAY_SUCCESS","data":"{}"}""";

        var (exit, output) = await CliRunner.RunAsync([.. WebhookArgs(body, WebhookVectors.W2Signature), "--json"]);

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("differs from bizIdStr 123289163323899904"));
    }

    [Fact]
    public async Task A_re_indented_body_is_named_as_re_serialised()
    {
        var indented = JsonSerializer.Serialize(JsonDocument.Parse(WebhookVectors.W2Body).RootElement, Indented);

        var (exit, output) = await CliRunner.RunAsync([.. WebhookArgs(indented, WebhookVectors.W2Signature), "--json"]);

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("re-serialised") && f.Contains("compacted"));
    }

    [Fact]
    public async Task A_body_file_saved_with_a_trailing_newline_is_named()
    {
        var (exit, output) = await CliRunner.RunAsync([.. WebhookArgs(WebhookVectors.W2Body + "\n", WebhookVectors.W2Signature), "--json"]);

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("without its trailing newline"));
    }

    [Fact]
    public async Task An_HMAC_in_place_of_the_RSA_signature_is_named()
    {
        var hmac = RequestSigner.Sign("secret", WebhookVectors.Timestamp, WebhookVectors.Nonce, WebhookVectors.W2Body);

        var (exit, output) = await CliRunner.RunAsync([.. WebhookArgs(WebhookVectors.W2Body, hmac), "--json"]);

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("HMAC-SHA512") && f.Contains("RSA"));
    }

    [Fact]
    public async Task A_serial_that_is_not_the_certificates_is_named()
    {
        var (exit, output) = await CliRunner.RunAsync([.. WebhookArgs(WebhookVectors.W2Body, WebhookVectors.W2Signature,
            serial: "ABCDEF0123456789ABCDEF0123456789"), "--json"]);

        exit.ShouldBe(6);
        var findings = Findings(output);
        findings.ShouldContain(f => f.Contains("Wrong certificate") && f.Contains(BinancePayRsKeyPair.CertSerial));
        findings.ShouldContain(f => f.Contains("verifies with certificate"));
    }

    [Fact]
    public async Task A_certificate_file_that_is_not_a_PEM_public_key_is_refused_with_one_line()
    {
        var (exit, output) = await CliRunner.RunAsync(["webhook", "verify", "--timestamp", "1", "--nonce", "n",
            "--signature", "s", "--cert-serial", "c", "--body", CliRunner.TempFile("{}"), "--cert-file",
            CliRunner.TempFile("not a key")]);

        exit.ShouldBe(1);
        output.ShouldContain("not a PEM public key");
    }

    [Fact]
    public async Task A_captured_request_file_gives_the_headers_and_the_body()
    {
        var capture = "POST /webhook HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\n"
                      + $"BinancePay-Timestamp: {WebhookVectors.Timestamp}\r\nBinancePay-Nonce: {WebhookVectors.Nonce}\r\n"
                      + $"binancepay-signature: {WebhookVectors.W2Signature}\r\n"
                      + $"BinancePay-Certificate-SN: {BinancePayRsKeyPair.CertSerial}\r\n\r\n" + WebhookVectors.W2Body;

        var (exit, output) = await CliRunner.RunAsync(["webhook", "verify", "--headers", CliRunner.TempFile(capture),
            "--cert-file", CertFile]);

        exit.ShouldBe(0, output);
        output.ShouldContain("OK");
    }

    [Fact]
    public async Task Certificates_are_fetched_from_the_server_through_the_SDK()
    {
        await using var standIn = await CliRunner.StandInAsync();
        standIn.Answers["binancepay/openapi/certificates"] = new(200, JsonSerializer.Serialize(new
        {
            status = "SUCCESS",
            code = "000000",
            data = new[] { new { certSerial = BinancePayRsKeyPair.CertSerial, certPublic = BinancePayRsKeyPair.PublicKeyPem } },
        }));

        var (exit, output) = await CliRunner.RunAsync(["webhook", "verify", "--timestamp", WebhookVectors.Timestamp,
            "--nonce", WebhookVectors.Nonce, "--signature", WebhookVectors.W2Signature, "--cert-serial",
            BinancePayRsKeyPair.CertSerial, "--body", CliRunner.TempFile(WebhookVectors.W2Body), "--server",
            standIn.BaseUrl, "--api-key", "k", "--api-secret", "s"]);

        exit.ShouldBe(0, output);
        standIn.All.Single().Path.ShouldBe("/binancepay/openapi/certificates");
    }

    private const string FaqSecret = "uahr4nhailyq55yubuhuncnprfac73bcbz2qfafsevic1jruwunioxtoaozy122f";
    private const string FaqTimestamp = "1611232922428";
    private const string FaqNonce = "5RhaTrZPhknNv0kDSA2UQ67cPMVNS4sA";
    private const string FaqBody = """{"merchantId":"98765987","subMerchantId":"98765987","merchantTradeNo":"9825382937292","totalFee":25.17,"productDetail":"Greentea ice cream cone","currency":"BUSD","returnUrl":"","tradeType":"APP","productType":"Food","productName":"Ice Cream"}""";
    private const string FaqSignature = "253B9241C7331C0F02A0F5417BDDD4CD88124D3E188C0BA0E3EF121D36844B7F4D1A69AD8A1C3C7FF34901115E35A2530B672CF7430902E9862D69867689FD9F";

    private static string[] SignArgs(string body, string? signature, string secret = FaqSecret) =>
    [
        "sign", "--secret", secret, "--timestamp", FaqTimestamp, "--nonce", FaqNonce, "--body", CliRunner.TempFile(body),
        .. signature is null ? Array.Empty<string>() : ["--signature", signature], "--json",
    ];

    [Fact]
    public async Task Sign_reproduces_the_FAQ_vector()
    {
        var (exit, output) = await CliRunner.RunAsync(SignArgs(FaqBody, null));

        exit.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.GetProperty("computedSignature").GetString().ShouldBe(FaqSignature);
    }

    [Fact]
    public async Task Sign_accepts_a_matching_signature_and_notes_lower_case()
    {
        var (exact, _) = await CliRunner.RunAsync(SignArgs(FaqBody, FaqSignature));
        var (lower, lowerOut) = await CliRunner.RunAsync(SignArgs(FaqBody, FaqSignature.ToLowerInvariant()));

        exact.ShouldBe(0);
        lower.ShouldBe(0);
        Findings(lowerOut).ShouldContain(f => f.Contains("lower-case"));
    }

    [Fact]
    public async Task Sign_names_a_missing_trailing_newline()
    {
        var withoutNewline = Convert.ToHexString(HMACSHA512.HashData(Encoding.UTF8.GetBytes(FaqSecret),
            Encoding.UTF8.GetBytes($"{FaqTimestamp}\n{FaqNonce}\n{FaqBody}")));

        var (exit, output) = await CliRunner.RunAsync(SignArgs(FaqBody, withoutNewline));

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("Trailing newline missing"));
    }

    [Fact]
    public async Task Sign_names_a_body_signed_with_python_spacing_but_sent_compact()
    {
        var pythonBody = FaqBody.Replace("\":", "\": ", StringComparison.Ordinal).Replace(",\"", ", \"", StringComparison.Ordinal);
        var signedPython = RequestSigner.Sign(FaqSecret, FaqTimestamp, FaqNonce, pythonBody);

        var (exit, output) = await CliRunner.RunAsync(SignArgs(FaqBody, signedPython));

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("Body re-serialised") && f.Contains("Python"));
    }

    [Fact]
    public async Task Sign_falls_back_to_a_wrong_secret()
    {
        var other = RequestSigner.Sign("another-secret", FaqTimestamp, FaqNonce, FaqBody);

        var (exit, output) = await CliRunner.RunAsync(SignArgs(FaqBody, other));

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("secret is wrong"));
    }

    [Fact]
    public async Task Sign_names_a_base64_signature()
    {
        var (exit, output) = await CliRunner.RunAsync(SignArgs(FaqBody, WebhookVectors.W2Signature));

        exit.ShouldBe(6);
        Findings(output).ShouldContain(f => f.Contains("base64"));
    }

    [Fact]
    public async Task Sign_prints_a_readable_report_without_json()
    {
        var (exit, output) = await CliRunner.RunAsync(["sign", "--secret", FaqSecret, "--timestamp", FaqTimestamp,
            "--nonce", FaqNonce, "--body", CliRunner.TempFile(FaqBody), "--signature", FaqSignature]);

        exit.ShouldBe(0, output);
        output.ShouldContain("OK");
        output.ShouldContain("signed string");
        output.ShouldContain("\\n5RhaTrZPhknNv0kDSA2UQ67cPMVNS4sA\\n");
    }

    private static string[] Findings(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToArray();
}
