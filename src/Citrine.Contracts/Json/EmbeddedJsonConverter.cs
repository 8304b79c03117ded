using System.Text.Json;
using System.Text.Json.Serialization;

namespace Citrine.Contracts.Json;

/// <summary>
/// Reads an object given either as a JSON object or as a JSON string that holds one
/// (docs/api-reference.md#quirk-embedded-json: the refund webhook's <c>refundInfo</c> is typed "string" in the doc
/// table but is a nested object in samples); writes an object.
/// </summary>
public sealed class EmbeddedJsonConverter<T> : JsonConverter<T>
    where T : class
{
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            return string.IsNullOrEmpty(text) ? null : JsonSerializer.Deserialize<T>(text, options);
        }

        return JsonSerializer.Deserialize<T>(ref reader, options);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
