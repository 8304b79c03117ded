using System.Text;
using Citrine.Client.Tests.Infrastructure;
using Citrine.Contracts.Signing;

namespace Citrine.Client.Tests.Signing;

/// <summary>The request-signing vectors of docs/api-reference.md#signing-test-vectors and the headers the SDK
/// sends.</summary>
public sealed class RequestSigningTests
{
    private const string FaqSecret = "uahr4nhailyq55yubuhuncnprfac73bcbz2qfafsevic1jruwunioxtoaozy122f";

    private static string FaqBody(string currency) =>
        $$"""{"merchantId":"98765987","subMerchantId":"98765987","merchantTradeNo":"9825382937292","totalFee":25.17,"productDetail":"Greentea ice cream cone","currency":"{{currency}}","returnUrl":"","tradeType":"APP","productType":"Food","productName":"Ice Cream"}""";

    [Theory]
    [InlineData("BUSD", "253B9241C7331C0F02A0F5417BDDD4CD88124D3E188C0BA0E3EF121D36844B7F4D1A69AD8A1C3C7FF34901115E35A2530B672CF7430902E9862D69867689FD9F")]
    [InlineData("USDT", "C1F7A336D5E6A100DD31F41669895D99C24A3A4D4F96DB6389761CB2CDD37FA2F6D106A24DB048B4989005E85EADEA392CD866902736D3D276BDC44C49DD00FC")]
    public void TV1_FAQ_vector(string currency, string expected) =>
        RequestSigner.Sign(FaqSecret, "1611232922428", "5RhaTrZPhknNv0kDSA2UQ67cPMVNS4sA", FaqBody(currency))
            .ShouldBe(expected);

    [Fact]
    public void TV2_Rust_SDK_vector() =>
        RequestSigner.Sign("abcd1234", "1636876819", "abcd", "akarshjain").ShouldBe(
            "0FEE450C836654F95CA8AC5B99DB385B96CAE1EDC46456A5BEA005BFA020FC113AD61D9B8595BA951A3A562BBB8556B6D063D6BA8AEF488097642E50ACC27ACA");

    [Fact]
    public async Task The_SDK_sends_an_upper_case_signature_over_the_exact_bytes_with_a_32_character_nonce()
    {
        await using var service = await CannedService.StartAsync();
        service.Answers["binancepay/openapi/certificates"] = (200, """{"status":"SUCCESS","code":"000000","data":[]}""");

        // The stand-in refuses anything but a strict upper-case HMAC over the raw body with the right key.
        var certificates = await service.Client().Certificates.GetAsync(TestContext.Current.CancellationToken);

        certificates.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_stand_in_so_the_signing_check_can_fail()
    {
        await using var service = await CannedService.StartAsync();
        service.Answers["binancepay/openapi/certificates"] = (200, """{"status":"SUCCESS","code":"000000","data":[]}""");
        var wrong = new CitrineClient(service.BaseUri, new CitrineCredential(CannedService.ApiKey, "wrong"));

        var refused = await Should.ThrowAsync<CitrineApiException>(
            () => wrong.Certificates.GetAsync(TestContext.Current.CancellationToken));

        refused.Code.ShouldBe("400002");
    }

    [Fact]
    public void The_credential_never_prints_its_secret() =>
        new CitrineCredential("key1", "topsecret").ToString().ShouldNotContain("topsecret");

    [Fact]
    public void The_signature_payload_has_the_trailing_newline() =>
        Encoding.UTF8.GetString(SignaturePayload.Build("1", "n", "{}"u8)).ShouldBe("1\nn\n{}\n");
}
