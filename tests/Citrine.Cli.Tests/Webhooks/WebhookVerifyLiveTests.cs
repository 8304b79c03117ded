using System.Globalization;
using System.Text;
using System.Text.Json;
using Citrine.Cli.Tests.Infrastructure;
using Citrine.Testing;

namespace Citrine.Cli.Tests.Webhooks;

/// <summary>
/// <c>citrine webhook verify</c> on a webhook Citrine really delivered: the request captured by a loopback receiver
/// (headers, blank line, raw body), the certificate fetched from the server with <c>--server</c>. The capture
/// verifies; the same capture with its body re-serialised the usual ways fails, and the doctor names the mistake.
/// </summary>
public abstract class WebhookVerifyLiveTests(ServerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task A_captured_delivery_verifies_with_the_certificate_fetched_from_the_server()
    {
        var (delivery, prepayId, args) = await CaptureAsync();

        var (exit, output) = await CliRunner.RunAsync(["webhook", "verify", "--headers",
            CliRunner.TempFile(CaptureFile(delivery, delivery.Body)), .. args, "--json"]);

        exit.ShouldBe(0, output);
        var report = JsonDocument.Parse(output).RootElement;
        report.GetProperty("verified").GetBoolean().ShouldBeTrue();
        report.GetProperty("findings").GetArrayLength().ShouldBe(0);
        report.GetProperty("signedString").GetString().ShouldBe(
            $"{delivery.Header("BinancePay-Timestamp")}\n{delivery.Header("BinancePay-Nonce")}\n{delivery.BodyText}\n");
        var details = report.GetProperty("details");
        details.GetProperty("event").GetString().ShouldBe($"PAY PAY_CLOSED bizId={prepayId}");
        details.GetProperty("certificates").GetString()!.ShouldContain(delivery.Header("BinancePay-Certificate-SN")!);
    }

    [Fact]
    public async Task The_headers_given_one_by_one_and_the_body_file_verify_too()
    {
        var (delivery, _, args) = await CaptureAsync();

        var (exit, output) = await CliRunner.RunAsync(["webhook", "verify",
            "--timestamp", delivery.Header("BinancePay-Timestamp")!, "--nonce", delivery.Header("BinancePay-Nonce")!,
            "--signature", delivery.Header("BinancePay-Signature")!,
            "--cert-serial", delivery.Header("BinancePay-Certificate-SN")!,
            "--body", CliRunner.TempFile(delivery.Body), .. args]);

        exit.ShouldBe(0, output);
        output.ShouldContain("OK: the webhook signature verifies.");
    }

    [Theory]
    [InlineData("indented", "Body re-serialised", "compacted")]
    [InlineData("python", "Body re-serialised", "compacted")]
    [InlineData("javascript", "differs from bizIdStr", "rounded")]
    public async Task A_re_serialised_body_fails_and_the_mistake_is_named(string how, string finding, string detail)
    {
        var (delivery, prepayId, args) = await CaptureAsync(bizIdRoundedByDoubles: how == "javascript");
        var body = how switch
        {
            "indented" => JsonSerializer.Serialize(JsonDocument.Parse(delivery.Body).RootElement, Indented),
            "python" => PythonDumps(delivery.Body),
            _ => delivery.BodyText.Replace($"\"bizId\":{prepayId}", $"\"bizId\":{JavaScriptNumber(prepayId)}",
                StringComparison.Ordinal),
        };
        body.ShouldNotBe(delivery.BodyText);

        var (exit, output) = await CliRunner.RunAsync(["webhook", "verify", "--headers",
            CliRunner.TempFile(CaptureFile(delivery, Encoding.UTF8.GetBytes(body))), .. args, "--json"]);

        exit.ShouldBe(6, output);
        var report = JsonDocument.Parse(output).RootElement;
        report.GetProperty("verified").GetBoolean().ShouldBeFalse();
        report.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!)
            .ShouldContain(f => f.Contains(finding, StringComparison.Ordinal) && f.Contains(detail, StringComparison.Ordinal),
                output);
    }

    /// <summary>Creates and closes an order whose webhook goes to a loopback receiver; returns the delivery, the
    /// prepayId and the CLI arguments of the merchant. With <paramref name="bizIdRoundedByDoubles"/>, only an order
    /// whose prepayId a double changes is kept (nearly all 18-digit ids).</summary>
    private async Task<(ReceivedRequest Delivery, string PrepayId, string[] Args)> CaptureAsync(
        bool bizIdRoundedByDoubles = false)
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (merchant, args) = await fixture.MerchantArgsAsync();
        var client = fixture.Server.Signed(merchant);
        for (var tries = 0; ; tries++)
        {
            var body = Orders.V2();
            body["webhookUrl"] = receiver.Url;
            var created = await client.PostAsync("/binancepay/openapi/v2/order", body);
            created.Code.ShouldBe("000000", created.ToString());
            var prepayId = created.Data.GetProperty("prepayId").GetString()!;
            var closed = await client.PostAsync("/binancepay/openapi/order/close", new { prepayId });
            closed.Code.ShouldBe("000000", closed.ToString());
            var delivery = await receiver.NextAsync(Patience);
            if (!bizIdRoundedByDoubles || JavaScriptNumber(prepayId) != prepayId || tries == 5)
            {
                return (delivery, prepayId, args);
            }
        }
    }

    /// <summary>The request as a capture file: request line, header lines, a blank line, the body bytes.</summary>
    private static byte[] CaptureFile(ReceivedRequest delivery, byte[] body)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"POST {delivery.Path} HTTP/1.1\r\n");
        foreach (var (name, value) in delivery.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return [.. Encoding.UTF8.GetBytes(head.Append("\r\n").ToString()), .. body];
    }

    /// <summary><c>json.dumps(json.loads(body))</c>: ", " and ": " separators (the body's values are scalars).</summary>
    private static string PythonDumps(byte[] body) =>
        "{" + string.Join(", ", JsonDocument.Parse(body).RootElement.EnumerateObject()
            .Select(p => $"{JsonSerializer.Serialize(p.Name)}: {p.Value.GetRawText()}")) + "}";

    /// <summary>What <c>JSON.stringify(JSON.parse(...))</c> writes for an integer: the shortest digits that round-trip
    /// the double, padded with zeros (docs/api-reference.md#webhook-envelope: 29383937493038367292 becomes
    /// 29383937493038367000).</summary>
    private static string JavaScriptNumber(string digits)
    {
        var shortest = double.Parse(digits, CultureInfo.InvariantCulture).ToString("E16", CultureInfo.InvariantCulture);
        var roundTrip = double.Parse(digits, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = roundTrip.Split('E')[0].Replace(".", "", StringComparison.Ordinal);
        var exponent = int.Parse(shortest.Split('E')[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa.PadRight(exponent + 1, '0');
    }
}

public sealed class SqliteWebhookVerifyLiveTests(SqliteServer fixture)
    : WebhookVerifyLiveTests(fixture), IClassFixture<SqliteServer>;

public sealed class PostgresWebhookVerifyLiveTests(PostgresServer fixture)
    : WebhookVerifyLiveTests(fixture), IClassFixture<PostgresServer>;
