using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Citrine.Contracts.Json;

/// <summary>
/// Writes an amount as Binance's Java service does: a JSON number with scale 8 in <c>BigDecimal.toString()</c> form,
/// so <c>990000.00000000</c> stays plain while zero is <c>0E-8</c> and one unit <c>1E-8</c> (docs/compatibility.md#wallets).
/// Reads a number or a string, scientific notation included.
/// </summary>
public sealed class JavaDecimalConverter : JsonConverter<decimal>
{
    private const int Scale = Amounts.MaxDecimalPlaces;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
        {
            return number;
        }

        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            _ => null,
        };
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"Expected a decimal number or numeric string, got {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(Format(value), skipInputValidation: true);

    /// <summary><c>BigDecimal.toString()</c> of the value at scale 8: plain unless the adjusted exponent is below -6.</summary>
    public static string Format(decimal value)
    {
        var units = decimal.Round(value * Amounts.UnitsPerCoin, 0, MidpointRounding.ToZero);
        var digits = Math.Abs(units).ToString("0", CultureInfo.InvariantCulture);
        var sign = units < 0 ? "-" : "";
        var adjusted = -Scale + (digits.Length - 1);
        if (adjusted >= -6)
        {
            return digits.Length > Scale
                ? $"{sign}{digits[..^Scale]}.{digits[^Scale..]}"
                : $"{sign}0.{new string('0', Scale - digits.Length)}{digits}";
        }

        var coefficient = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{coefficient}E{adjusted}");
    }
}
