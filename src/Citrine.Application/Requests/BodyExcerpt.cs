using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Citrine.Application.Requests;

/// <summary>
/// The request journal's body excerpt with secrets removed (docs/observability.md#request-journal), at most
/// <see cref="MaxChars"/> characters. A JSON body is rewritten value by value: the value of a secret-like property
/// (its name contains <c>secret</c>, <c>signature</c>, <c>password</c>, <c>token</c>, <c>apikey</c>,
/// <c>privatekey</c>, <c>credential</c>, <c>authorization</c>, <c>cvv</c>, <c>cvc</c>, <c>card</c>, or is
/// <c>pan</c>/<c>pin</c>) becomes <see cref="Redacted"/>; in every other string, a run of
/// <see cref="TokenMinChars"/> or more letters, digits, <c>+=_-</c> (API keys and secrets are 64, signatures 128) and a
/// card-like number in a string (13 to 19 digits, spaces or dashes between, passing the Luhn check; not in a property
/// named <c>…id</c>, <c>…no</c>, <c>…time</c>, <c>…ms</c>, whose digits are identifiers and times such as a prepayId)
/// become <see cref="Redacted"/> too; JSON numbers are kept (a card number does not survive as one). A body that is not
/// JSON (or was cut at <see cref="RawMaxBytes"/>) is treated as text with the same token and card rules. The rule
/// message of the envelope goes through the same text rules.
/// </summary>
public static class BodyExcerpt
{
    /// <summary>Longest excerpt stored.</summary>
    public const int MaxChars = 512;

    /// <summary>Most raw bytes the ingress hands over for an excerpt; the rest of a larger body is never kept.</summary>
    public const int RawMaxBytes = 8 * 1024;

    /// <summary>Shortest run of key-like characters taken for a secret.</summary>
    public const int TokenMinChars = 40;

    public const string Redacted = "[REDACTED]";

    private static readonly string[] SecretNameParts =
    [
        "secret", "signature", "password", "passwd", "token", "apikey", "privatekey", "credential", "authorization",
        "cvv", "cvc", "card",
    ];

    /// <summary>Names of identifiers and times (prepayId, merchantTradeNo, orderExpireTime): their digits are not
    /// card numbers.</summary>
    private static readonly string[] IdSuffixes = ["id", "no", "time", "ms", "timestamp"];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The excerpt of <paramref name="body"/>; <paramref name="cut"/> when the body was longer.</summary>
    public static string? Of(ReadOnlySpan<byte> body, bool cut)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        string excerpt;
        if (!cut && TryRewriteJson(body) is { } json)
        {
            excerpt = json;
        }
        else
        {
            var text = Encoding.UTF8.GetString(body);
            if (cut)
            {
                // The last run may be the start of a secret cut short of the token rule's length: drop it.
                var end = text.Length;
                while (end > 0 && IsTokenChar(text[end - 1]))
                {
                    end--;
                }

                text = text[..end];
            }

            excerpt = RedactText(text, cards: true);
        }

        return excerpt.Length <= MaxChars ? excerpt : string.Concat(excerpt.AsSpan(0, MaxChars - 1), "…");
    }

    /// <summary>The token and card rules applied to free text (also the envelope's rule message).</summary>
    public static string RedactText(string text, bool cards = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (IsTokenChar(text[i]))
            {
                var start = i;
                while (i < text.Length && IsTokenChar(text[i]))
                {
                    i++;
                }

                if (i - start >= TokenMinChars)
                {
                    builder.Append(Redacted);
                    continue;
                }

                i = start;
            }

            if (cards && char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]))
                && CardLength(text, i) is > 0 and var length)
            {
                builder.Append(Redacted);
                i += length;
                continue;
            }

            builder.Append(text[i]);
            i++;
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="name"/> reads as the name of a secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = new string([.. name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        return normalized is "pan" or "pin" || SecretNameParts.Any(p => normalized.Contains(p, StringComparison.Ordinal));
    }

    private static string? TryRewriteJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != body.Length && !body[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
            {
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(writer, document.RootElement, null);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, string? name)
    {
        var isId = name is not null && IdSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (IsSecretName(property.Name))
                    {
                        writer.WriteStringValue(Redacted);
                    }
                    else
                    {
                        Write(writer, property.Value, property.Name);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, name);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(RedactText(element.GetString()!, cards: !isId));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or '_' or '-';

    /// <summary>The length of a card-like number starting at <paramref name="start"/>, or 0.</summary>
    private static int CardLength(string text, int start)
    {
        var digits = new List<int>(19);
        var i = start;
        var end = start;
        while (i < text.Length && digits.Count < 20)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits.Add(text[i] - '0');
                i++;
                end = i;
            }
            else if (text[i] is ' ' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && i > start)
            {
                i++;
            }
            else
            {
                break;
            }
        }

        var followedByDigitOrLetter = end < text.Length && char.IsAsciiLetterOrDigit(text[end]);
        return digits.Count is >= 13 and <= 19 && !followedByDigitOrLetter && Luhn(digits) ? end - start : 0;
    }

    private static bool Luhn(List<int> digits)
    {
        var sum = 0;
        for (var k = 0; k < digits.Count; k++)
        {
            var d = digits[digits.Count - 1 - k];
            if (k % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
