using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Client.Tests.TestData;
using Citrine.Contracts.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Citrine.Client.Tests.Webhooks;

/// <summary>
/// <see cref="WebhookVerifier"/> fetching <c>/certificates</c>: cached by serial, fetched again for an unknown serial
/// (rotation), with a cooldown against forged serials. The certificate endpoint is a signed loopback stand-in here so
/// that each test controls the list and counts the fetches exactly; the same behaviour against Citrine's own
/// <c>/certificates</c> and its key rotation is in <c>Live/WebhooksLiveTests</c>.
/// </summary>
public sealed class CertificateFetchTests
{
    private const string CertificatesPath = "binancepay/openapi/certificates";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Certificates_are_fetched_once_and_cached_by_serial()
    {
        await using var service = await CannedService.StartAsync();
        service.Answers[CertificatesPath] = (200, Certificates((BinancePayRsKeyPair.CertSerial, BinancePayRsKeyPair.PublicKeyPem)));
        var verifier = new WebhookVerifier(service.Client());

        await verifier.VerifyAsync(Encoding.UTF8.GetBytes(WebhookVectors.W2Body), WebhookVectors.Headers(WebhookVectors.W2Signature), Ct);
        await verifier.VerifyAsync(Encoding.UTF8.GetBytes(WebhookVectors.W2Body), WebhookVectors.Headers(WebhookVectors.W2Signature), Ct);

        service.Bodies.Count.ShouldBe(1);
        service.Bodies.Single().ShouldBe("{}");
    }

    [Fact]
    public async Task A_new_serial_after_key_rotation_is_fetched_and_verifies()
    {
        await using var service = await CannedService.StartAsync();
        service.Answers[CertificatesPath] = (200, Certificates((BinancePayRsKeyPair.CertSerial, BinancePayRsKeyPair.PublicKeyPem)));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var verifier = new WebhookVerifier(service.Client().Certificates,
            new WebhookVerifierOptions { RefreshCooldown = TimeSpan.FromSeconds(10), TimeProvider = time });
        await verifier.VerifyAsync(Encoding.UTF8.GetBytes(WebhookVectors.W2Body), WebhookVectors.Headers(WebhookVectors.W2Signature), Ct);

        using var rotated = RSA.Create(2048);
        var pem = rotated.ExportSubjectPublicKeyInfoPem();
        var serial = WebhookSignature.SerialOf(pem);
        service.Answers[CertificatesPath] = (200, Certificates((serial, pem), (BinancePayRsKeyPair.CertSerial, BinancePayRsKeyPair.PublicKeyPem)));
        time.Advance(TimeSpan.FromSeconds(11));
        var body = Encoding.UTF8.GetBytes(WebhookVectors.W2Body);
        var signature = WebhookSignature.Sign(rotated, "1700000000000", WebhookVectors.Nonce, body);

        var webhook = await verifier.VerifyAsync(body, new WebhookHeaders("1700000000000", WebhookVectors.Nonce, signature, serial), Ct);

        webhook.BizStatus.ShouldBe("PAY_SUCCESS");
        service.Bodies.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Unknown_serials_within_the_cooldown_do_not_fetch_again()
    {
        await using var service = await CannedService.StartAsync();
        service.Answers[CertificatesPath] = (200, Certificates((BinancePayRsKeyPair.CertSerial, BinancePayRsKeyPair.PublicKeyPem)));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var verifier = new WebhookVerifier(service.Client().Certificates,
            new WebhookVerifierOptions { RefreshCooldown = TimeSpan.FromSeconds(10), TimeProvider = time });

        for (var i = 0; i < 5; i++)
        {
            var forged = WebhookVectors.Headers(WebhookVectors.W2Signature, serial: $"FORGED{i}");
            var failure = await Should.ThrowAsync<WebhookVerificationException>(
                () => verifier.VerifyAsync(Encoding.UTF8.GetBytes(WebhookVectors.W2Body), forged, Ct));
            failure.Reason.ShouldBe(WebhookFailureReason.UnknownCertificate);
        }

        service.Bodies.Count.ShouldBe(1);
    }

    private static string Certificates(params (string Serial, string Pem)[] certificates) =>
        JsonSerializer.Serialize(new
        {
            status = "SUCCESS",
            code = "000000",
            data = certificates.Select(c => new { certSerial = c.Serial, certPublic = c.Pem }),
            errorMessage = (string?)null,
        });
}
