using System.Text;
using Citrine.Contracts.Signing;

namespace Citrine.Server.Tests.Signing;

/// <summary>The published vectors of docs/api-reference.md#signing-test-vectors, recomputed with the code both server
/// and SDK use.</summary>
public sealed class RequestSignerVectorTests
{
    private const string FaqSecret = "uahr4nhailyq55yubuhuncnprfac73bcbz2qfafsevic1jruwunioxtoaozy122f";
    private const string FaqTimestamp = "1611232922428";
    private const string FaqNonce = "5RhaTrZPhknNv0kDSA2UQ67cPMVNS4sA";

    private static string FaqBody(string currency) =>
        "{\"merchantId\":\"98765987\",\"subMerchantId\":\"98765987\",\"merchantTradeNo\":\"9825382937292\",\"totalFee\":25.17,\"productDetail\":\"Greentea ice cream cone\",\"currency\":\"" +
        currency + "\",\"returnUrl\":\"\",\"tradeType\":\"APP\",\"productType\":\"Food\",\"productName\":\"Ice Cream\"}";

    [Fact]
    public void FAQ_vector_matches_only_with_BUSD_as_the_FAQ_text_was_edited_later()
    {
        RequestSigner.Sign(FaqSecret, FaqTimestamp, FaqNonce, FaqBody("BUSD")).ShouldBe(
            "253B9241C7331C0F02A0F5417BDDD4CD88124D3E188C0BA0E3EF121D36844B7F4D1A69AD8A1C3C7FF34901115E35A2530B672CF7430902E9862D69867689FD9F");
    }

    [Fact]
    public void FAQ_body_as_printed_with_USDT_gives_a_different_signature()
    {
        var signature = RequestSigner.Sign(FaqSecret, FaqTimestamp, FaqNonce, FaqBody("USDT"));
        signature.ShouldBe(
            "C1F7A336D5E6A100DD31F41669895D99C24A3A4D4F96DB6389761CB2CDD37FA2F6D106A24DB048B4989005E85EADEA392CD866902736D3D276BDC44C49DD00FC");
        signature.ShouldNotStartWith("253B9241");
    }

    [Fact]
    public void Payload_without_the_trailing_newline_is_the_documented_mistake()
    {
        var withoutTrailingLf = Convert.ToHexString(System.Security.Cryptography.HMACSHA512.HashData(
            Encoding.UTF8.GetBytes(FaqSecret), Encoding.UTF8.GetBytes($"{FaqTimestamp}\n{FaqNonce}\n{FaqBody("USDT")}")));
        withoutTrailingLf.ShouldBe(
            "4B64C26164DF54E30FEF5BE8E0CC6BD4F989AF66D62EA965A0226C1BBB857B3A98953848CA63515BFA8837D33A2215D30F94FDD400B4A6D83250A571C3E92074");
        RequestSigner.Verify(FaqSecret, FaqTimestamp, FaqNonce, Encoding.UTF8.GetBytes(FaqBody("USDT")), withoutTrailingLf)
            .ShouldBeFalse();
    }

    [Fact]
    public void Rust_SDK_vector()
    {
        RequestSigner.Sign("abcd1234", "1636876819", "abcd", "akarshjain").ShouldBe(
            "0FEE450C836654F95CA8AC5B99DB385B96CAE1EDC46456A5BEA005BFA020FC113AD61D9B8595BA951A3A562BBB8556B6D063D6BA8AEF488097642E50ACC27ACA");
    }

    [Fact]
    public void Go_SDK_payload_vector()
    {
        Encoding.UTF8.GetString(SignaturePayload.Build("1654943252000", "5f14d51f62136d24c87480faa9009d7d",
            Encoding.UTF8.GetBytes("body"))).ShouldBe("1654943252000\n5f14d51f62136d24c87480faa9009d7d\nbody\n");
    }

    [Fact]
    public void Verify_accepts_lower_case_hex_unless_strict()
    {
        var body = Encoding.UTF8.GetBytes(FaqBody("BUSD"));
        var lower = RequestSigner.Sign(FaqSecret, FaqTimestamp, FaqNonce, body).ToLowerInvariant();
        RequestSigner.Verify(FaqSecret, FaqTimestamp, FaqNonce, body, lower).ShouldBeTrue();
        RequestSigner.Verify(FaqSecret, FaqTimestamp, FaqNonce, body, lower, strictUpperCase: true).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("ZZ")]
    [InlineData("not-hex-at-all-not-hex-at-all-not-hex-at-all-not-hex-at-all-not-hex-at-all-not-hex-at-all-not-hex-at-all-not-hex-at-all-not-h")]
    public void Verify_rejects_malformed_signatures(string signature)
    {
        RequestSigner.Verify(FaqSecret, FaqTimestamp, FaqNonce, "{}"u8, signature).ShouldBeFalse();
    }
}
