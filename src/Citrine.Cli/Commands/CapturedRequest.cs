using System.Text;

namespace Citrine.Cli.Commands;

/// <summary>A captured HTTP request: header lines <c>Name: value</c> (a request line is skipped), then optionally a
/// blank line and the body bytes exactly as they follow it.</summary>
public sealed class CapturedRequest
{
    private readonly Dictionary<string, string> _headers;

    private CapturedRequest(Dictionary<string, string> headers, byte[]? body)
    {
        _headers = headers;
        Body = body;
    }

    public static CapturedRequest Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase), null);

    public byte[]? Body { get; }

    public string? Header(string name) => _headers.GetValueOrDefault(name);

    public static CapturedRequest Parse(byte[] capture)
    {
        var (headerBytes, body) = Split(capture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Encoding.UTF8.GetString(headerBytes).Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.Contains(" HTTP/", StringComparison.Ordinal))
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new CapturedRequest(headers, body);
    }

    // The body starts after the first empty line (LF or CRLF); its bytes are kept exactly.
    private static (byte[] Headers, byte[]? Body) Split(byte[] capture)
    {
        for (var i = 0; i < capture.Length - 1; i++)
        {
            if (capture[i] == '\n' && capture[i + 1] == '\n')
            {
                return (capture[..i], capture[(i + 2)..]);
            }

            if (capture[i] == '\n' && capture[i + 1] == '\r' && i + 2 < capture.Length && capture[i + 2] == '\n')
            {
                return (capture[..i], capture[(i + 3)..]);
            }
        }

        return (capture, null);
    }
}
