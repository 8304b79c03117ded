using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Citrine.Cli.Doctor;

/// <summary>
/// The usual ways a JSON body changes between signing and checking: re-serialised compact or indented, written with
/// Python's <c>json.dumps</c> spacing, a trailing newline added or lost (a file saved by an editor), CRLF line ends.
/// Numbers keep their exact text in every variant, so only the formatting differs.
/// </summary>
public static class BodyVariants
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    public static IEnumerable<(string Name, byte[] Body)> Of(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var candidates = new List<(string, string)>();
        if (text.EndsWith('\n'))
        {
            candidates.Add(("without its trailing newline", text.TrimEnd('\n', '\r')));
        }
        else
        {
            candidates.Add(("with a trailing newline", text + "\n"));
        }

        if (text.Contains("\r\n", StringComparison.Ordinal))
        {
            candidates.Add(("with LF instead of CRLF line ends", text.Replace("\r\n", "\n", StringComparison.Ordinal)));
        }

        if (TryParse(body) is { } root)
        {
            candidates.Add(("compacted (re-serialised without whitespace)", Write(root, Compact)));
            candidates.Add(("re-indented (re-serialised with indentation)", Write(root, Indented)));
            candidates.Add(("re-serialised with Python json.dumps spacing", PythonStyle(root)));
        }

        return candidates.Where(c => c.Item2 != text).DistinctBy(c => c.Item2)
            .Select(c => (c.Item1, Encoding.UTF8.GetBytes(c.Item2)));
    }

    private static JsonElement? TryParse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Write(JsonElement root, JsonWriterOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // json.dumps(obj) writes ", " between items and ": " after keys.
    private static string PythonStyle(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(", ", element.EnumerateObject()
            .Select(p => Write(JsonSerializer.SerializeToElement(p.Name), Compact) + ": " + PythonStyle(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(", ", element.EnumerateArray().Select(PythonStyle)) + "]",
        _ => Write(element, Compact),
    };
}
