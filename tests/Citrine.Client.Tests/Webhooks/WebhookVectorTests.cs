using System.Security.Cryptography;
using System.Text;
using Citrine.Client.Tests.TestData;
using Citrine.Contracts.Signing;
using Citrine.Contracts.Webhooks;

namespace Citrine.Client.Tests.Webhooks;

/// <summary>The webhook vectors of docs/api-reference.md#webhook-signature (TV-W1, TV-W2) through
/// <see cref="WebhookVerifier"/>.</summary>
public sealed class WebhookVectorTests
{
    private static readonly CertificateResult Certificate = new()
    {
        CertSerial = BinancePayRsKeyPair.CertSerial,
        CertPublic = BinancePayRsKeyPair.PublicKeyPem,
    };

    private static WebhookVerifier Verifier => new([Certificate]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_test_key_serial_is_the_MD5_of_its_PEM_as_the_reference_says() =>
        WebhookSignature.SerialOf(BinancePayRsKeyPair.PublicKeyPem).ShouldBe(BinancePayRsKeyPair.CertSerial);

    [Fact]
    public void Signing_the_vectors_with_the_published_private_key_reproduces_their_signatures()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(BinancePayRsKeyPair.PrivateKeyPem);

        WebhookSignature.Sign(rsa, WebhookVectors.Timestamp, WebhookVectors.Nonce,
            Encoding.UTF8.GetBytes(WebhookVectors.W1Body)).ShouldBe(WebhookVectors.W1Signature);
        WebhookSignature.Sign(rsa, WebhookVectors.Timestamp, WebhookVectors.Nonce,
            Encoding.UTF8.GetBytes(WebhookVectors.W2Body)).ShouldBe(WebhookVectors.W2Signature);
    }

    [Fact]
    public void The_W2_body_bytes_are_the_ones_the_reference_hashed() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WebhookVectors.W2Body)))
            .ShouldBe(WebhookVectors.W2BodySha256);

    [Fact]
    public async Task TV_W2_verifies_and_parses_with_its_20_digit_bizId_kept_exact()
    {
        var webhook = await Verifier.VerifyAsync(Encoding.UTF8.GetBytes(WebhookVectors.W2Body),
            WebhookVectors.Headers(WebhookVectors.W2Signature), Ct);

        webhook.BizType.ShouldBe(WebhookNames.BizTypePay);
        webhook.BizId.ShouldBe("29383937493038367292");
        webhook.BizIdStr.ShouldBeNull();
        webhook.BizStatus.ShouldBe(WebhookNames.PaySuccess);
        webhook.Pay.ShouldNotBeNull();
        webhook.Pay.MerchantTradeNo.ShouldBe("9825382937292");
        webhook.Pay.TotalFee.ShouldBe(0.88m);
        webhook.Pay.TransactTime.ShouldBe(1619508939664);
        webhook.Pay.Currency.ShouldBe("BUSD");
        webhook.Pay.OpenUserId.ShouldBe("1211HS10K81f4273ac031");
        webhook.Pay.TradeType.ShouldBe("WEB");
        webhook.Pay.TransactionId.ShouldBe("M_R_282737362839373");
        webhook.Refund.ShouldBeNull();
        webhook.RawBody.ShouldBe(WebhookVectors.W2Body);
    }

    [Fact]
    public async Task TV_W1_verifies_its_signature_but_is_not_a_webhook_body()
    {
        // TV-W1 signs an order-create body: the signature holds, the envelope does not.
        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(WebhookVectors.W1Body), WebhookVectors.Headers(WebhookVectors.W1Signature), Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.MalformedBody);
    }

    [Fact]
    public async Task A_body_re_serialised_with_the_bizId_rounded_by_a_double_parser_fails()
    {
        var rounded = WebhookVectors.W2Body.Replace("29383937493038367292", "29383937493038370000",
            StringComparison.Ordinal);

        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(rounded), WebhookVectors.Headers(WebhookVectors.W2Signature), Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.InvalidSignature);
    }

    [Fact]
    public async Task A_body_re_indented_fails()
    {
        var indented = WebhookVectors.W2Body.Replace(",\"bizId\"", ", \"bizId\"", StringComparison.Ordinal);

        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(indented), WebhookVectors.Headers(WebhookVectors.W2Signature), Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.InvalidSignature);
    }

    [Fact]
    public async Task Another_nonce_fails()
    {
        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(WebhookVectors.W2Body),
            WebhookVectors.Headers(WebhookVectors.W2Signature) with { Nonce = new string('a', 32) }, Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.InvalidSignature);
    }

    [Fact]
    public async Task An_unknown_serial_is_refused_without_a_certificate_source()
    {
        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(WebhookVectors.W2Body),
            WebhookVectors.Headers(WebhookVectors.W2Signature, serial: "00000000000000000000000000000000"), Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.UnknownCertificate);
    }

    [Fact]
    public async Task The_serial_is_matched_without_regard_to_case()
    {
        var webhook = await Verifier.VerifyAsync(Encoding.UTF8.GetBytes(WebhookVectors.W2Body),
            WebhookVectors.Headers(WebhookVectors.W2Signature, BinancePayRsKeyPair.CertSerial.ToLowerInvariant()), Ct);

        webhook.BizId.ShouldBe("29383937493038367292");
    }

    [Theory]
    [InlineData(null, "n", "s", "c")]
    [InlineData("t", "", "s", "c")]
    [InlineData("t", "n", null, "c")]
    [InlineData("t", "n", "s", "")]
    public async Task A_missing_header_is_refused(string? timestamp, string? nonce, string? signature, string? serial)
    {
        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(WebhookVectors.W2Body), new WebhookHeaders(timestamp, nonce, signature, serial), Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.MissingHeaders);
    }

    [Fact]
    public async Task A_signature_that_is_not_base64_is_invalid_not_an_exception()
    {
        var failure = await Should.ThrowAsync<WebhookVerificationException>(() => Verifier.VerifyAsync(
            Encoding.UTF8.GetBytes(WebhookVectors.W2Body), WebhookVectors.Headers("%%%not base64%%%"), Ct));

        failure.Reason.ShouldBe(WebhookFailureReason.InvalidSignature);
    }
}
