using System.Text.Json;
using System.Text.Json.Serialization;

namespace Citrine.Contracts.Json;

/// <summary>Reads a long from a JSON number or a numeric string (docs/api-reference.md#quirk-numbers-and-strings:
/// Binance mixes both); writes a number.</summary>
public sealed class FlexibleLongConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt64();
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (long.TryParse(reader.GetString(), System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        throw new JsonException($"Expected an integer number or numeric string, got {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}

/// <summary>Reads a long from a JSON number or numeric string; writes it as a string (for fields Binance quotes).</summary>
public sealed class LongAsStringConverter : JsonConverter<long>
{
    private static readonly FlexibleLongConverter Reader = new();

    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Reader.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
