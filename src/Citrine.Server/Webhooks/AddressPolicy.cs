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
/// <see cref="CitrineOptions.WebhookAllowLoopback"/>; private, shared (CGNAT), benchmarking, link-local
/// (169.254.169.254 included) and unique-local IPv6 need <see cref="CitrineOptions.WebhookAllowPrivate"/>;
/// documentation (TEST-NET), multicast, broadcast and reserved addresses are never allowed. IPv4 addresses embedded in
/// IPv6 (mapped, SIIT-translated, NAT64 64:ff9b::/96, 6to4, Teredo) are judged as the IPv4 address they reach; the
/// local-use NAT64 prefix 64:ff9b:1::/48 is private whatever it embeds; IPv6 outside global unicast (2000::/3) is
/// reserved. Ranges: the IANA special-purpose registries (RFC 6890 and its updates).
/// </summary>
public static class AddressPolicy
{
    /// <summary>Null when allowed, else why the address is refused.</summary>
    public static string? Refusal(IPAddress address, CitrineOptions options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
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
        ArgumentNullException.ThrowIfNull(address);
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
        (198, 18 or 19, _, _) => (AddressKind.Private, "a benchmarking address"),
        (192, 0, 0, _) => (AddressKind.Private, "a special-purpose private address"),
        (192, 0, 2, _) or (198, 51, 100, _) or (203, 0, 113, _) =>
            (AddressKind.Forbidden, "a documentation (TEST-NET) address"),
        (192, 88, 99, _) => (AddressKind.Forbidden, "a deprecated 6to4 relay anycast address"),
        ( >= 224 and <= 239, _, _, _) => (AddressKind.Forbidden, "a multicast address"),
        (255, 255, 255, 255) => (AddressKind.Forbidden, "the broadcast address"),
        ( >= 240, _, _, _) => (AddressKind.Forbidden, "a reserved address"),
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

        if (Prefix(b, 0x00, 0x64, 0xff, 0x9b) && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(b[12..16]); // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
        }

        if (Prefix(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01))
        {
            // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): a translator inside the operator's network.
            return (AddressKind.Private, "a local-use NAT64 address");
        }

        if (b.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return ClassifyV4(b[12..16]); // SIIT IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
        }

        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return (AddressKind.Forbidden, "a deprecated IPv4-compatible address");
        }

        if (Prefix(b, 0x20, 0x02))
        {
            return ClassifyV4(b[2..6]); // 6to4 2002::/16
        }

        if (Prefix(b, 0x20, 0x01, 0x00, 0x00))
        {
            return Teredo(b);
        }

        if (Prefix(b, 0x20, 0x01, 0x0d, 0xb8) || (b[0] == 0x3f && b[1] == 0xff && b[2] < 0x10))
        {
            return (AddressKind.Forbidden, "a documentation address"); // 2001:db8::/32, 3fff::/20
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return (AddressKind.Private, "a link-local address");
        }

        if (address.IsIPv6UniqueLocal)
        {
            return (AddressKind.Private, "a unique-local (private) address");
        }

        if (Prefix(b, 0x20, 0x01, 0x00, 0x02, 0x00, 0x00))
        {
            return (AddressKind.Private, "a benchmarking address"); // 2001:2::/48
        }

        // Global unicast is 2000::/3; everything else left (100::/64 discard included) is reserved.
        return (b[0] & 0xe0) == 0x20
            ? (AddressKind.Public, "a public address")
            : (AddressKind.Forbidden, "a reserved address");
    }

    /// <summary>
    /// Teredo 2001::/32 (RFC 4380) carries the server's IPv4 in bits 32–63 and the client's, inverted, in the last
    /// 32 bits; the stricter of the two decides.
    /// </summary>
    private static (AddressKind, string) Teredo(byte[] b)
    {
        var server = ClassifyV4(b[4..8]);
        var client = ClassifyV4([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]);
        var worst = server.Item1 >= client.Item1 ? server : client;
        return worst.Item1 == AddressKind.Public ? (AddressKind.Public, "a public (Teredo) address") : worst;
    }

    private static bool Prefix(byte[] bytes, params ReadOnlySpan<byte> prefix) => bytes.AsSpan().StartsWith(prefix);
}
