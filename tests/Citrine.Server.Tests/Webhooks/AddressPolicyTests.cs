using System.Net;
using Citrine.Application;
using Citrine.Server.Webhooks;

namespace Citrine.Server.Tests.Webhooks;

/// <summary>The address classes behind the connect-time check (docs/decisions.md#outbound-calls), one row per
/// range.</summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("93.184.216.34", AddressKind.Public)]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("2606:4700::1111", AddressKind.Public)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("10.0.0.1", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("100.64.0.1", AddressKind.Private)]
    [InlineData("169.254.0.1", AddressKind.Private)]
    [InlineData("169.254.169.254", AddressKind.Private)]
    [InlineData("fe80::1", AddressKind.Private)]
    [InlineData("fc00::1", AddressKind.Private)]
    [InlineData("fd00:ec2::254", AddressKind.Private)]
    [InlineData("::ffff:192.168.0.1", AddressKind.Private)]
    [InlineData("64:ff9b::a00:1", AddressKind.Private)]
    [InlineData("2002:a9fe:a9fe::1", AddressKind.Private)]
    [InlineData("64:ff9b::5db8:d822", AddressKind.Public)]
    [InlineData("0.0.0.0", AddressKind.Forbidden)]
    [InlineData("::", AddressKind.Forbidden)]
    [InlineData("224.0.0.1", AddressKind.Forbidden)]
    [InlineData("255.255.255.255", AddressKind.Forbidden)]
    [InlineData("ff02::1", AddressKind.Forbidden)]
    [InlineData("::10.0.0.1", AddressKind.Forbidden)]
    public void Addresses_are_classified_by_range(string address, AddressKind kind) =>
        AddressPolicy.Classify(IPAddress.Parse(address)).Kind.ShouldBe(kind);

    [Theory]
    [InlineData("127.0.0.1", true, false, true)]
    [InlineData("127.0.0.1", false, true, false)]
    [InlineData("10.0.0.1", true, false, false)]
    [InlineData("10.0.0.1", false, true, true)]
    [InlineData("169.254.169.254", true, true, true)]
    [InlineData("0.0.0.0", true, true, false)]
    [InlineData("93.184.216.34", false, false, true)]
    public void Options_allow_loopback_and_private_separately(string address, bool loopback, bool @private,
        bool allowed)
    {
        var options = new CitrineOptions { WebhookAllowLoopback = loopback, WebhookAllowPrivate = @private };
        (AddressPolicy.Refusal(IPAddress.Parse(address), options) is null).ShouldBe(allowed);
    }
}
