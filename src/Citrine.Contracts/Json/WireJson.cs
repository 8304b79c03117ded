using System.Text.Json;
using System.Text.Json.Serialization;

namespace Citrine.Contracts.Json;

/// <summary>Serializer options for the wire: exact property names, nulls omitted, no indentation.</summary>
public static class WireJson
{
    /// <summary>Options used by the server to write and by the SDK to read and write.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
