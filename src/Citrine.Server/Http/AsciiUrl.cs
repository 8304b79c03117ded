using System.Globalization;
using System.Text;

namespace Citrine.Server.Http;

/// <summary>
/// The ASCII form of an absolute http or https URL: an internationalised host in punycode (IDNA), everything else
/// outside printable ASCII percent-encoded as UTF-8. A URL that is already printable ASCII is kept exactly as sent.
/// Merchant URLs are stored in this form, so a <c>Location</c> header or a webhook request built from them can
/// never fail on a character HTTP cannot carry (docs/compatibility.md, "URLs").
/// </summary>
internal static class AsciiUrl
{
    /// <summary>The ASCII form, or null when <paramref name="text"/> is not an absolute http(s) URL that has
    /// one.</summary>
    public static string? Normalize(string text)
    {
        if (HasLoneSurrogate(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        if (IsPrintableAscii(text))
        {
            return text;
        }

        string host;
        try
        {
            host = uri.HostNameType == UriHostNameType.Dns
                ? uri.IdnHost
                : uri.GetComponents(UriComponents.Host, UriFormat.UriEscaped);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        var ascii = new StringBuilder(uri.Scheme).Append("://");
        var userInfo = uri.GetComponents(UriComponents.UserInfo, UriFormat.UriEscaped);
        if (userInfo.Length > 0)
        {
            ascii.Append(userInfo).Append('@');
        }

        ascii.Append(host);
        if (!uri.IsDefaultPort)
        {
            ascii.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
        }

        Escape(ascii, uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped));
        var result = ascii.ToString();
        return host.Length > 0 && IsPrintableAscii(result) && Uri.TryCreate(result, UriKind.Absolute, out _)
            ? result
            : null;
    }

    /// <summary>Percent-encodes (as UTF-8) whatever the <see cref="Uri"/> escaping left outside printable
    /// ASCII.</summary>
    private static void Escape(StringBuilder ascii, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7F)
            {
                ascii.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                ascii.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only the characters 0x21 to 0x7E: no space, no control character, nothing beyond ASCII.</summary>
    public static bool IsPrintableAscii(string text) => text.All(c => c is > ' ' and < '\u007f');
}
