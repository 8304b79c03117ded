using Citrine.Server.Http;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>Merchant URLs are kept in ASCII: IDN hosts in punycode, other characters percent-encoded as UTF-8;
/// printable ASCII is kept as sent; what has no ASCII form is refused.</summary>
public sealed class AsciiUrlTests
{
    [Theory]
    [InlineData("https://shop.example/return?o=1", "https://shop.example/return?o=1")]
    [InlineData("https://shop.example", "https://shop.example")]
    [InlineData("https://example.com/%zz", "https://example.com/%zz")]
    [InlineData("https://bücher.example/ä?q=ü#f", "https://xn--bcher-kva.example/%C3%A4?q=%C3%BC#f")]
    [InlineData("https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9")]
    [InlineData("http://bücher.example:8080/a b", "http://xn--bcher-kva.example:8080/a%20b")]
    [InlineData("http://[::1]:8080/ä", "http://[::1]:8080/%C3%A4")]
    [InlineData("https://a.example/😀", "https://a.example/%F0%9F%98%80")]
    public void Normalizes_to_ASCII(string url, string ascii) => AsciiUrl.Normalize(url).ShouldBe(ascii);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://a.example/")]
    [InlineData("//a.example/x")]
    [InlineData("/relative")]
    [InlineData("https://ex ample.com/")]
    [InlineData("https://")]
    public void Refuses_what_is_not_an_absolute_http_URL(string url) => AsciiUrl.Normalize(url).ShouldBeNull();

    [Fact]
    public void Refuses_a_lone_surrogate() // Built here: theory data would carry it as U+FFFD.
    {
        AsciiUrl.Normalize("https://a\ud800.example/").ShouldBeNull();
        AsciiUrl.Normalize("https://a.example/\udc00").ShouldBeNull();
    }
}
