using System.Text.Json;
using System.Text.Json.Serialization;

namespace Citrine.Contracts.Json;

/// <summary>
/// Reads a string from a JSON string or the raw text of a JSON number; writes a string. Binance's samples quote some
/// ids and leave others bare (docs/api-reference.md#quirk-numbers-and-strings: <c>contractId</c> quoted,
/// <c>subMerchantId</c> numeric), and the raw text keeps ids beyond 2^53 (or beyond <c>long</c>) exact.
/// </summary>
public sealed class FlexibleStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(
                reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string or a number, got {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
