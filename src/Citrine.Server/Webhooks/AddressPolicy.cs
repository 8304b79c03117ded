using System.Net;
using System.Net.Sockets;
using Citrine.Application;

namespace Citrine.Server.Webhooks;

/// <summary>What kind of destination an IP address is, for the webhook SSRF check
/// (docs/decisions.md#outbound-calls).</summary>
public enum AddressKind
{
    Public,
    Loopback,

    /// <summary>Private, shared (CGNAT), link-local (cloud metadata included) and unique-local addresses.</summary>
    Private,

    /// <summary>Never a webhook destination: unspecified, multicast, broadcast, reserved.</summary>
    Forbidden,
}

/// <summary>
/// Classifies destination addresses and decides whether a webhook may connect to one. Loopback needs
/// <see cref="CitrineOptions.WebhookAllowLoopback"/>; private, link-local (169.254.169.254 included) and unique-local
/// IPv6 need <see cref="CitrineOptions.WebhookAllowPrivate"/>. IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4)
/// are judged as the IPv4 address they reach.
/// </summary>
public static class AddressPolicy
{
    /// <summary>Null when allowed, else why the address is refused.</summary>
    public static string? Refusal(IPAddress address, CitrineOptions options)
    {
        var (kind, label) = Classify(address);
        return kind switch
        {
            AddressKind.Public => null,
            AddressKind.Loopback when options.WebhookAllowLoopback => null,
            AddressKind.Private when options.WebhookAllowPrivate => null,
            AddressKind.Loopback => $"{address} is {label}; set Citrine:WebhookAllowLoopback to allow it",
            AddressKind.Private => $"{address} is {label}; set Citrine:WebhookAllowPrivate to allow it",
            _ => $"{address} is {label} and never a webhook destination",
        };
    }

    public static (AddressKind Kind, string Label) Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? ClassifyV4(address.GetAddressBytes())
            : ClassifyV6(address);
    }

    private static (AddressKind, string) ClassifyV4(byte[] b) => (b[0], b[1], b[2], b[3]) switch
    {
        (127, _, _, _) => (AddressKind.Loopback, "a loopback address"),
        (0, _, _, _) => (AddressKind.Forbidden, "an unspecified (\"this network\") address"),
        (10, _, _, _) or (172, >= 16 and <= 31, _, _) or (192, 168, _, _) => (AddressKind.Private, "a private address"),
        (169, 254, 169, 254) => (AddressKind.Private, "the cloud metadata address (link-local)"),
        (169, 254, _, _) => (AddressKind.Private, "a link-local address"),
        (100, >= 64 and <= 127, _, _) => (AddressKind.Private, "a shared (carrier-grade NAT) address"),
        (198, 18 or 19, _, _) or (192, 0, 0, _) => (AddressKind.Private, "a special-purpose private address"),
        ( >= 224, _, _, _) => (AddressKind.Forbidden, "a multicast, reserved or broadcast address"),
        _ => (AddressKind.Public, "a public address"),
    };

    private static (AddressKind, string) ClassifyV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return (AddressKind.Loopback, "a loopback address");
        }

        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast)
        {
            return (AddressKind.Forbidden, "an unspecified or multicast address");
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(b[12..16]); // NAT64 64:ff9b::/96
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]); // 6to4 2002::/16
        }

        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return (AddressKind.Forbidden, "a deprecated IPv4-compatible address");
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return (AddressKind.Private, "a link-local address");
        }

        return address.IsIPv6UniqueLocal
            ? (AddressKind.Private, "a unique-local (private) address")
            : (AddressKind.Public, "a public address");
    }
}
