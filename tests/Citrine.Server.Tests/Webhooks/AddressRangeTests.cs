using System.Net;
using Citrine.Application;
using Citrine.Server.Webhooks;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>
/// The special-purpose ranges added for issue 12 (outbound safety): NAT64 (well-known and local-use), SIIT, IPv4
/// inside IPv6, 6to4 and Teredo embedding, documentation (TEST-NET), benchmarking, CGNAT, multicast, broadcast and
/// reserved; one row per range edge.
/// </summary>
public sealed class AddressRangeTests
{
    [Theory]
    // NAT64 well-known prefix 64:ff9b::/96 is judged by the IPv4 it embeds.
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)]
    [InlineData("64:ff9b::c0a8:101", AddressKind.Private)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressKind.Private)]
    [InlineData("64:ff9b::c000:201", AddressKind.Forbidden)]
    [InlineData("64:ff9b::808:808", AddressKind.Public)]
    // Local-use NAT64 64:ff9b:1::/48 is private whatever it embeds.
    [InlineData("64:ff9b:1::808:808", AddressKind.Private)]
    [InlineData("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", AddressKind.Private)]
    // 64:ff9b::/96 outside the /96 (bits 32-95 set) and 64:ff9b:2:: are neither: reserved space.
    [InlineData("64:ff9b:0:0:1::808:808", AddressKind.Forbidden)]
    [InlineData("64:ff9b:2::1", AddressKind.Forbidden)]
    // SIIT IPv4-translated ::ffff:0:0:0/96.
    [InlineData("::ffff:0:7f00:1", AddressKind.Loopback)]
    [InlineData("::ffff:0:a00:1", AddressKind.Private)]
    [InlineData("::ffff:0:808:808", AddressKind.Public)]
    // IPv4-mapped and IPv4-compatible.
    [InlineData("::ffff:169.254.169.254", AddressKind.Private)]
    [InlineData("::ffff:100.64.0.1", AddressKind.Private)]
    [InlineData("::ffff:203.0.113.9", AddressKind.Forbidden)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("::127.0.0.1", AddressKind.Forbidden)]
    [InlineData("::8.8.8.8", AddressKind.Forbidden)]
    // 6to4 2002::/16 embeds the IPv4 in bits 16-47.
    [InlineData("2002:7f00:1::1", AddressKind.Loopback)]
    [InlineData("2002:c0a8:101::1", AddressKind.Private)]
    [InlineData("2002:808:808::1", AddressKind.Public)]
    // Teredo 2001::/32: server IPv4 in bits 32-63, client IPv4 inverted in the last 32 bits.
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7", AddressKind.Public)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", AddressKind.Forbidden)] // RFC 4380's client is 192.0.2.45
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", AddressKind.Private)]
    [InlineData("2001:0:a00:1:8000:63bf:f7f7:f7f7", AddressKind.Private)]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", AddressKind.Loopback)]
    // Documentation (TEST-NET) ranges, IPv4 and IPv6.
    [InlineData("192.0.2.0", AddressKind.Forbidden)]
    [InlineData("192.0.2.255", AddressKind.Forbidden)]
    [InlineData("198.51.100.7", AddressKind.Forbidden)]
    [InlineData("203.0.113.255", AddressKind.Forbidden)]
    [InlineData("2001:db8::1", AddressKind.Forbidden)]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", AddressKind.Forbidden)]
    [InlineData("3fff::1", AddressKind.Forbidden)]
    [InlineData("192.0.3.1", AddressKind.Public)]
    [InlineData("198.51.101.1", AddressKind.Public)]
    [InlineData("203.0.114.1", AddressKind.Public)]
    [InlineData("2001:db9::1", AddressKind.Public)]
    // Benchmarking 198.18.0.0/15 and 2001:2::/48.
    [InlineData("198.17.255.255", AddressKind.Public)]
    [InlineData("198.18.0.0", AddressKind.Private)]
    [InlineData("198.19.255.255", AddressKind.Private)]
    [InlineData("198.20.0.0", AddressKind.Public)]
    [InlineData("2001:2::1", AddressKind.Private)]
    // Shared address space (CGNAT) 100.64.0.0/10.
    [InlineData("100.63.255.255", AddressKind.Public)]
    [InlineData("100.64.0.0", AddressKind.Private)]
    [InlineData("100.127.255.255", AddressKind.Private)]
    [InlineData("100.128.0.0", AddressKind.Public)]
    // IETF protocol assignments 192.0.0.0/24, the old 6to4 relay anycast.
    [InlineData("192.0.0.8", AddressKind.Private)]
    [InlineData("192.88.99.1", AddressKind.Forbidden)]
    // Multicast, reserved and broadcast.
    [InlineData("223.255.255.255", AddressKind.Public)]
    [InlineData("224.0.0.0", AddressKind.Forbidden)]
    [InlineData("239.255.255.255", AddressKind.Forbidden)]
    [InlineData("240.0.0.1", AddressKind.Forbidden)]
    [InlineData("255.255.255.254", AddressKind.Forbidden)]
    [InlineData("255.255.255.255", AddressKind.Forbidden)]
    [InlineData("ff05::2", AddressKind.Forbidden)]
    // IPv6 outside global unicast 2000::/3 (and not a range above) is reserved; the discard prefix too.
    [InlineData("100::1", AddressKind.Forbidden)]
    [InlineData("4000::1", AddressKind.Forbidden)]
    [InlineData("1fff:ffff::1", AddressKind.Forbidden)]
    [InlineData("3ffe::1", AddressKind.Public)]
    public void Special_purpose_ranges_are_classified(string address, AddressKind kind) =>
        AddressPolicy.Classify(IPAddress.Parse(address)).Kind.ShouldBe(kind, address);

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5 is a documentation (TEST-NET) address and never a webhook destination")]
    [InlineData("64:ff9b:1::a00:1", "64:ff9b:1::a00:1 is a local-use NAT64 address; set Citrine:WebhookAllowPrivate to allow it")]
    [InlineData("64:ff9b::7f00:1", "64:ff9b::7f00:1 is a loopback address; set Citrine:WebhookAllowLoopback to allow it")]
    [InlineData("198.18.0.1", "198.18.0.1 is a benchmarking address; set Citrine:WebhookAllowPrivate to allow it")]
    [InlineData("255.255.255.255", "255.255.255.255 is the broadcast address and never a webhook destination")]
    public void A_refusal_names_the_range_and_the_setting_that_allows_it(string address, string expected) =>
        AddressPolicy.Refusal(IPAddress.Parse(address), new CitrineOptions()).ShouldBe(expected);

    [Fact]
    public void The_library_default_allows_neither_loopback_nor_private_destinations_nor_their_excerpts()
    {
        var options = new CitrineOptions();
        options.WebhookAllowLoopback.ShouldBeFalse();
        options.WebhookAllowPrivate.ShouldBeFalse();
        options.WebhookShowPrivateExcerpts.ShouldBeFalse();
        AddressPolicy.Refusal(IPAddress.Loopback, options).ShouldNotBeNull();
        AddressPolicy.Refusal(IPAddress.IPv6Loopback, options).ShouldNotBeNull();
    }
}
