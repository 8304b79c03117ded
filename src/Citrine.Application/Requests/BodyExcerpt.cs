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

    /// <summary>A buffer kept above this size after a rewrite is let go rather than kept for the thread.</summary>
    private const int KeptBufferMaxBytes = 256 * 1024;

    // Kept per thread (the journal writer is one thread) and reused: a new buffer per body grew by copying, since the
    // JSON writer asks room for the worst-case escaping of every value, and was a sixth of all bytes the server
    // allocated under create load (docs/performance.md#allocations-per-create).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static Stack<(bool IsArray, string? Name)>? t_containers;

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

    /// <summary>The token and card rules applied to free text (also the envelope's rule message). Text with nothing
    /// to redact, nearly every string of a request, comes back as the same instance.</summary>
    public static string RedactText(string text, bool cards = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? builder = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            var length = 0;
            if (IsTokenChar(text[i]))
            {
                var runEnd = i;
                while (runEnd < text.Length && IsTokenChar(text[runEnd]))
                {
                    runEnd++;
                }

                if (runEnd - i >= TokenMinChars)
                {
                    length = runEnd - i;
                }
            }

            if (length == 0 && cards && char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1])))
            {
                length = CardLength(text, i);
            }

            if (length == 0)
            {
                i++;
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, i - copied).Append(Redacted);
            i += length;
            copied = i;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>True when <paramref name="name"/> reads as the name of a secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Letters and digits only, lower-cased: "api_key", "Api-Key" and "apiKey" all read "apikey".
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        ReadOnlySpan<char> normalized = buffer[..length];
        if (normalized is "pan" or "pin")
        {
            return true;
        }

        foreach (var part in SecretNameParts)
        {
            if (normalized.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites the JSON token by token (no document is built: this runs for every journaled request). Each
    /// value is judged by the name it stands under; an array's items stand under the array's name.</summary>
    private static string? TryRewriteJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);

        // Per open container: whether it is an array, and the name its items stand under.
        var containers = t_containers ??= new Stack<(bool IsArray, string? Name)>();
        containers.Clear();
        try
        {
            string? property = null;
            while (reader.Read())
            {
                var name = containers.TryPeek(out var top) && top.IsArray ? top.Name : property;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        writer.WritePropertyName(property);
                        if (IsSecretName(property))
                        {
                            reader.Read();
                            reader.Skip();
                            writer.WriteStringValue(Redacted);
                        }

                        break;
                    case JsonTokenType.StartObject:
                        containers.Push((false, null));
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.StartArray:
                        containers.Push((true, name));
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndObject:
                        containers.Pop();
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(RedactText(reader.GetString()!, cards: !IsIdName(name)));
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                        break;
                    default:
                        writer.WriteNullValue();
                        break;
                }

                if (containers.Count == 0)
                {
                    break;
                }
            }

            writer.Flush();
            var rest = body[(int)reader.BytesConsumed..];
            return buffer.WrittenCount == 0 || !rest.Trim(" \t\r\n"u8).IsEmpty
                ? null
                : Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            if (buffer.Capacity > KeptBufferMaxBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private static bool IsIdName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        foreach (var suffix in IdSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or '_' or '-';

    /// <summary>The length of a card-like number starting at <paramref name="start"/>, or 0.</summary>
    private static int CardLength(string text, int start)
    {
        Span<int> digits = stackalloc int[20];
        var count = 0;
        var i = start;
        var end = start;
        while (i < text.Length && count < 20)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits[count++] = text[i] - '0';
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
        return count is >= 13 and <= 19 && !followedByDigitOrLetter && Luhn(digits[..count]) ? end - start : 0;
    }

    private static bool Luhn(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        for (var k = 0; k < digits.Length; k++)
        {
            var d = digits[digits.Length - 1 - k];
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
