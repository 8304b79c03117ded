using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Citrine.Contracts.Json;

/// <summary>Reads a decimal from a JSON number or a numeric string; writes a JSON number as given.</summary>
public sealed class FlexibleDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadFlexible(ref reader);

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);

    internal static decimal ReadFlexible(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDecimal();
        }

        if (reader.TokenType == JsonTokenType.String
            && decimal.TryParse(reader.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new JsonException($"Expected a decimal number or numeric string, got {reader.TokenType}.");
    }
}

/// <summary>Reads a decimal from number or string; writes a string with 8 decimals (refund amounts, v1 totalFee).</summary>
public sealed class DecimalAsStringConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FlexibleDecimalConverter.ReadFlexible(ref reader);

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Amounts.Format(value));
}

/// <summary>Reads a decimal from number or string; writes a JSON number with exactly 8 decimals (webhook totalFee).</summary>
public sealed class DecimalEightPlacesConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FlexibleDecimalConverter.ReadFlexible(ref reader);

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(Amounts.Format(value), skipInputValidation: true);
}

/// <summary>
/// Reads a decimal from number or string; writes a string with the fewest decimals that keep the value, as Binance's
/// samples show amount strings (<c>"orderAmount":"10.88"</c>, <c>"totalFee":"25.17"</c>,
/// docs/api-reference.md#create-order-versions, #query-order).
/// </summary>
public sealed class DecimalAsShortStringConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FlexibleDecimalConverter.ReadFlexible(ref reader);

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("0.########", CultureInfo.InvariantCulture));
}
