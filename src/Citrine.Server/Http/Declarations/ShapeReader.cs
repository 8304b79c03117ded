using System.Globalization;
using System.Text.Json;
using Citrine.Application;
using Citrine.Contracts;
using Citrine.Server.Http.Ingress;

namespace Citrine.Server.Http.Declarations;

/// <summary>
/// Interprets a <see cref="Shape"/> over a JSON object with the seed pages' rules and result codes: missing, empty
/// or malformed → 400100; too long or wrong format (too many decimals) → 400101; out of range or not an allowed
/// value → 400102; characters outside the allowed set → 400103. Stops at the first broken rule, in declaration
/// order; messages name the field (with its path) and the rule. Never throws for input.
/// </summary>
internal static class ShapeReader
{
    private const int EnumMaxLength = 64;
    private const int AssetLengthMax = 10;

    public static Result<FieldValues> Read(JsonElement body, Shape shape, Caller caller)
    {
        var values = new FieldValues();
        var failure = ReadInto(body, "", shape, values, caller);
        return failure is { } f ? f : Result<FieldValues>.Ok(values);
    }

    private static Failure? ReadInto(JsonElement obj, string path, Shape shape, FieldValues values, Caller caller)
    {
        foreach (var item in shape.Items)
        {
            var failure = item switch
            {
                Field field => ReadField(obj, path, field, values, caller),
                Rule rule => rule.Test(new ShapeContext(values, caller)),
                When conditional => conditional.Condition(new ShapeContext(values, caller))
                    ? ReadInto(obj, path, conditional.Then, values, caller)
                    : null,
                _ => throw new InvalidOperationException(item.GetType().Name),
            };
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private static Failure? ReadField(JsonElement obj, string path, Field field, FieldValues values, Caller caller)
    {
        var name = path + field.Name;
        var present = obj.TryGetProperty(field.Name, out var element) && element.ValueKind != JsonValueKind.Null;
        object? value = null;
        var failure = !present
            ? field.Required ? Missing(name) : null
            : field.Kind switch
            {
                FieldKind.String => ReadString(element, name, field, out value),
                FieldKind.Enum => ReadEnum(element, name, field, out value),
                FieldKind.Url => ReadUrl(element, name, field, out value),
                FieldKind.Amount => ReadAmount(element, name, field.Positive, out value),
                FieldKind.Integer => ReadInteger(element, name, field.Required, out value),
                FieldKind.Boolean => ReadBoolean(element, name, field.Required, out value),
                FieldKind.Object => ReadObject(element, name, field, caller, out value),
                FieldKind.Array => ReadArray(element, name, field, caller, out value),
                FieldKind.EnumList => ReadEnumList(element, name, field, out value),
                FieldKind.TextList => ReadTextList(element, name, field, out value),
                FieldKind.AmountMap => ReadAmountMap(element, name, out value),
                _ => throw new InvalidOperationException(field.Kind.ToString()),
            };
        if (failure is not null || value is null)
        {
            return failure;
        }

        foreach (var check in field.Checks)
        {
            if (!check.IsValid(value))
            {
                return new Failure(check.Code, $"{name}: {check.Rule}");
            }
        }

        values.Set(field, value);
        return null;
    }

    private static Failure? ReadString(JsonElement element, string name, Field field, out object? value)
    {
        value = null;
        string text;
        if (element.ValueKind == JsonValueKind.String)
        {
            if (ReadText(element, name, out text) is { } illegal)
            {
                return illegal;
            }
        }
        else if (element.ValueKind == JsonValueKind.Number && IsIntegerText(element.GetRawText()))
        {
            // Binance's own samples send numeric ids to string fields: take an integer's text. A fraction or
            // exponent (1.5, 1e400) is not an id, so it is malformed like any other non-string.
            text = element.GetRawText();
        }
        else
        {
            return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be a string");
        }

        if (text.Length == 0)
        {
            return field.Required ? Missing(name) : null;
        }

        if (text.Length > field.MaxLength)
        {
            return new Failure(ResultCodes.InvalidParamWrongLength, field.LettersOrDigits
                ? $"{name}: at most {field.MaxLength} letters or digits"
                : $"{name}: at most {field.MaxLength} characters");
        }

        if (field.LettersOrDigits && !text.All(char.IsAsciiLetterOrDigit))
        {
            return new Failure(ResultCodes.InvalidParamIllegalChar,
                $"{name}: letters or digits only, no other symbol allowed");
        }

        value = text;
        return null;
    }

    private static Failure? ReadEnum(JsonElement element, string name, Field field, out object? value)
    {
        var failure = ReadString(element, name, field with { MaxLength = EnumMaxLength, LettersOrDigits = false },
            out value);
        if (failure is null && value is string text && !field.Allowed.Contains(text, StringComparer.Ordinal))
        {
            value = null;
            return new Failure(ResultCodes.InvalidParamWrongValue,
                $"{name}: must be one of {string.Join(", ", field.Allowed)}");
        }

        return failure;
    }

    private static Failure? ReadEnumList(JsonElement element, string name, Field field, out object? value) =>
        ReadStringList(element, name, field, ReadEnum, out value);

    private static Failure? ReadTextList(JsonElement element, string name, Field field, out object? value) =>
        ReadStringList(element, name, field, ReadString, out value);

    private delegate Failure? ItemReader(JsonElement element, string name, Field field, out object? value);

    /// <summary>A list of strings, each read by <paramref name="readItem"/>; a lone string counts as a list of one,
    /// an empty list as absent.</summary>
    private static Failure? ReadStringList(JsonElement element, string name, Field field, ItemReader readItem,
        out object? value)
    {
        value = null;
        if (element.ValueKind == JsonValueKind.String)
        {
            var one = readItem(element, name, field, out var single);
            value = single is string text ? new List<string> { text } : null;
            return one;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be an array of strings");
        }

        if (element.GetArrayLength() > field.MaxItems)
        {
            return new Failure(ResultCodes.InvalidParamWrongLength, $"{name}: at most {field.MaxItems} items");
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{ItemPath(name, index)}: must be a string");
            }

            if (readItem(item, ItemPath(name, index++), field with { Required = true }, out var text) is { } failure)
            {
                return failure;
            }

            items.Add((string)text!);
        }

        if (items.Count == 0)
        {
            return field.Required ? Missing(name) : null;
        }

        value = items;
        return null;
    }

    private static Failure? ReadUrl(JsonElement element, string name, Field field, out object? value)
    {
        var failure = ReadString(element, name, field, out value);
        if (failure is null && value is string text)
        {
            // Stored in its ASCII form (punycode host, percent-encoded UTF-8), so the redirect after a committed
            // payment and the webhook request can always carry it.
            value = AsciiUrl.Normalize(text);
            if (value is null)
            {
                return new Failure(ResultCodes.InvalidParamWrongValue,
                    $"{name}: must be an absolute http or https URL");
            }
        }

        return failure;
    }

    private static Failure? ReadAmount(JsonElement element, string name, bool positive, out object? value)
    {
        value = null;
        decimal amount;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetDecimal(out amount))
            {
                return new Failure(ResultCodes.InvalidParamWrongValue, $"{name}: number out of range");
            }
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            if (ReadText(element, name, out var text) is { } illegal)
            {
                return illegal;
            }

            if (text.Length is 0 or > 40 || !text.All(c => char.IsAsciiDigit(c) || c is '.' or '-')
                || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out amount))
            {
                return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be a decimal number");
            }
        }
        else
        {
            return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be a decimal number");
        }

        if (!Amounts.HasAtMostEightPlaces(amount))
        {
            return new Failure(ResultCodes.InvalidParamWrongLength, $"{name}: at most 8 decimal places");
        }

        if (!Amounts.TryToUnits(amount, out var units))
        {
            return new Failure(ResultCodes.InvalidParamWrongValue, $"{name}: number out of range");
        }

        if (positive && units <= 0)
        {
            return new Failure(ResultCodes.InvalidParamWrongValue, $"{name}: must be greater than 0");
        }

        value = units;
        return null;
    }

    private static Failure? ReadInteger(JsonElement element, string name, bool required, out object? value)
    {
        value = null;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            value = number;
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            if (ReadText(element, name, out var text) is { } illegal)
            {
                return illegal;
            }

            if (text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit)
                && long.TryParse(text, CultureInfo.InvariantCulture, out number))
            {
                value = number;
                return null;
            }

            if (text.Length == 0)
            {
                return required ? Missing(name) : null;
            }
        }

        return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be an integer");
    }

    private static Failure? ReadBoolean(JsonElement element, string name, bool required, out object? value)
    {
        value = null;
        var text = "";
        if (element.ValueKind == JsonValueKind.String && ReadText(element, name, out text) is { } illegal)
        {
            return illegal;
        }

        if (element.ValueKind == JsonValueKind.String && text.Length == 0)
        {
            return required ? Missing(name) : null;
        }

        value = element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when text is "true" => true,
            JsonValueKind.String when text is "false" => false,
            _ => null,
        };
        return value is null
            ? new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be true or false")
            : null;
    }

    private static Failure? ReadObject(JsonElement element, string name, Field field, Caller caller,
        out object? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be an object");
        }

        var nested = new FieldValues();
        var failure = ReadInto(element, name + ".", field.Children ?? Shape.Empty, nested, caller);
        value = failure is null ? nested : null;
        return failure;
    }

    private static Failure? ReadArray(JsonElement element, string name, Field field, Caller caller,
        out object? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.Array)
        {
            return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: must be an array");
        }

        if (element.GetArrayLength() > field.MaxItems)
        {
            return new Failure(ResultCodes.InvalidParamWrongLength, $"{name}: at most {field.MaxItems} items");
        }

        // Every item must be an object before any item's fields are read.
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed, $"{ItemPath(name, index)}: must be an object");
            }

            index++;
        }

        var items = new List<FieldValues>();
        index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var nested = new FieldValues();
            if (ReadInto(item, ItemPath(name, index++) + ".", field.Children ?? Shape.Empty, nested, caller)
                is { } failure)
            {
                return failure;
            }

            items.Add(nested);
        }

        value = items;
        return null;
    }

    private static Failure? ReadAmountMap(JsonElement element, string name, out object? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new Failure(ResultCodes.MandatoryParamEmptyOrMalformed,
                $"{name}: must be an object of asset to amount, e.g. {{\"USDT\":\"1000\"}}");
        }

        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var asset = property.Name;
            if (asset.Length is 0 or > AssetLengthMax || !asset.All(char.IsAsciiLetterOrDigit))
            {
                return new Failure(ResultCodes.InvalidParamIllegalChar,
                    $"{name}: asset names are 1 to {AssetLengthMax} letters or digits");
            }

            var entry = $"{name}.{asset}";
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                return Missing(entry);
            }

            if (ReadAmount(property.Value, entry, positive: true, out var units) is { } failure)
            {
                return failure;
            }

            if (!map.TryAdd(asset, (long)units!))
            {
                return new Failure(ResultCodes.InvalidRequest, $"{entry}: given twice");
            }
        }

        value = map;
        return null;
    }

    /// <summary>
    /// A JSON string's text. An escaped unpaired surrogate (<c>"\ud800"</c>) is valid JSON syntax but no text, and a
    /// NUL cannot be stored in PostgreSQL TEXT; both are refused as illegal characters, whatever type the field
    /// expects, rather than failing later with HTTP 500.
    /// </summary>
    private static Failure? ReadText(JsonElement element, string name, out string text)
    {
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return IllegalText(name);
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                return IllegalText(name);
            }
        }

        return null;
    }

    private static string ItemPath(string name, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    private static bool IsIntegerText(string raw)
    {
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static Failure IllegalText(string name) => new(ResultCodes.InvalidParamIllegalChar,
        $"{name}: contains an illegal character (NUL or unpaired surrogate)");

    private static Failure Missing(string name) =>
        new(ResultCodes.MandatoryParamEmptyOrMalformed, $"{name}: is mandatory and must not be empty");
}
