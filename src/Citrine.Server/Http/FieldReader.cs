using System.Globalization;
using System.Text.Json;
using Citrine.Contracts;

namespace Citrine.Server.Http;

/// <summary>Thrown by <see cref="FieldReader"/> on the first field that breaks its rule; turned into the envelope.</summary>
internal sealed class FieldException(ResultCode code, string message) : Exception(message)
{
    public ResultCode Code { get; } = code;
}

/// <summary>
/// Reads request fields with the seed pages' rules and result codes: missing, empty or malformed → 400100; too
/// long or wrong format (too many decimals) → 400101; out of range or not an allowed value → 400102; characters
/// outside the allowed set → 400103. Messages name the field (with its path) and the rule.
/// </summary>
internal readonly struct FieldReader
{
    private readonly JsonElement _object;
    private readonly string _path;

    public FieldReader(JsonElement jsonObject, string path = "")
    {
        _object = jsonObject;
        _path = path;
    }

    public string? String(string name, bool required, int maxLength, bool lettersOrDigits = false)
    {
        var field = _path + name;
        if (!TryGet(name, out var element))
        {
            return required ? throw Missing(field) : null;
        }

        var value = element.ValueKind switch
        {
            JsonValueKind.String => ReadText(element, field),
            // Binance's own samples send numeric ids to string fields
            // (docs/api-reference.md#quirk-numbers-and-strings): take an integer's text. A fraction or exponent (1.5,
            // 1e400) is not an id, so it is malformed like any other non-string.
            JsonValueKind.Number when IsIntegerText(element.GetRawText()) => element.GetRawText(),
            _ => throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{field}: must be a string"),
        };
        if (value.Length == 0)
        {
            return required ? throw Missing(field) : null;
        }

        if (value.Length > maxLength)
        {
            throw new FieldException(ResultCodes.InvalidParamWrongLength,
                lettersOrDigits ? $"{field}: at most {maxLength} letters or digits" : $"{field}: at most {maxLength} characters");
        }

        if (lettersOrDigits && !value.All(char.IsAsciiLetterOrDigit))
        {
            throw new FieldException(ResultCodes.InvalidParamIllegalChar,
                $"{field}: letters or digits only, no other symbol allowed");
        }

        return value;
    }

    public string? Enum(string name, bool required, params string[] allowed)
    {
        var value = String(name, required, 64);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new FieldException(ResultCodes.InvalidParamWrongValue,
                $"{_path}{name}: must be one of {string.Join(", ", allowed)}");
        }

        return value;
    }

    public string? Url(string name, int maxLength)
    {
        var value = String(name, required: false, maxLength);
        if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri)
                                   && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            throw new FieldException(ResultCodes.InvalidParamWrongValue,
                $"{_path}{name}: must be an absolute http or https URL");
        }

        return value;
    }

    /// <summary>A decimal amount as number or string, at most 8 decimals, converted to units of 1e-8.</summary>
    public long? Amount(string name, bool required, bool positive = true)
    {
        var field = _path + name;
        if (!TryGet(name, out var element))
        {
            return required ? throw Missing(field) : null;
        }

        decimal value;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetDecimal(out value))
            {
                throw new FieldException(ResultCodes.InvalidParamWrongValue, $"{field}: number out of range");
            }
        }
        else if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text
                 && text.Length <= 40 && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-')
                 && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                     CultureInfo.InvariantCulture, out value))
        {
        }
        else
        {
            throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{field}: must be a decimal number");
        }

        if (!Amounts.HasAtMostEightPlaces(value))
        {
            throw new FieldException(ResultCodes.InvalidParamWrongLength, $"{field}: at most 8 decimal places");
        }

        if (!Amounts.TryToUnits(value, out var units))
        {
            throw new FieldException(ResultCodes.InvalidParamWrongValue, $"{field}: number out of range");
        }

        if (positive && units <= 0)
        {
            throw new FieldException(ResultCodes.InvalidParamWrongValue, $"{field}: must be greater than 0");
        }

        return units;
    }

    /// <summary>An integer as JSON number or string of digits.</summary>
    public long? Long(string name, bool required)
    {
        var field = _path + name;
        if (!TryGet(name, out var element))
        {
            return required ? throw Missing(field) : null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 and <= 19 } text
            && text.All(char.IsAsciiDigit) && long.TryParse(text, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString()!.Length == 0)
        {
            return required ? throw Missing(field) : null;
        }

        throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{field}: must be an integer");
    }

    public FieldReader? Object(string name, bool required)
    {
        var field = _path + name;
        if (!TryGet(name, out var element))
        {
            return required ? throw Missing(field) : null;
        }

        return element.ValueKind == JsonValueKind.Object
            ? new FieldReader(element, field + ".")
            : throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{field}: must be an object");
    }

    public IReadOnlyList<FieldReader>? Array(string name, bool required, int maxItems)
    {
        var field = _path + name;
        if (!TryGet(name, out var element))
        {
            return required ? throw Missing(field) : null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{field}: must be an array");
        }

        if (element.GetArrayLength() > maxItems)
        {
            throw new FieldException(ResultCodes.InvalidParamWrongLength, $"{field}: at most {maxItems} items");
        }

        var items = new List<FieldReader>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{field}[{index++}]");
            items.Add(item.ValueKind == JsonValueKind.Object
                ? new FieldReader(item, itemPath + ".")
                : throw new FieldException(ResultCodes.MandatoryParamEmptyOrMalformed, $"{itemPath}: must be an object"));
        }

        return items;
    }

    public bool Has(string name) => TryGet(name, out _);

    private bool TryGet(string name, out JsonElement element) =>
        _object.TryGetProperty(name, out element) && element.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// A JSON string's text. An escaped unpaired surrogate (<c>"\ud800"</c>) is valid JSON syntax but no text, and a
    /// NUL cannot be stored in PostgreSQL TEXT; both are refused here as illegal characters rather than failing later
    /// in the database with HTTP 500.
    /// </summary>
    private static string ReadText(JsonElement element, string field)
    {
        string text;
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw IllegalText(field);
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
                throw IllegalText(field);
            }
        }

        return text;
    }

    private static bool IsIntegerText(string raw)
    {
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static FieldException IllegalText(string field) =>
        new(ResultCodes.InvalidParamIllegalChar, $"{field}: contains an illegal character (NUL or unpaired surrogate)");

    private static FieldException Missing(string field) =>
        new(ResultCodes.MandatoryParamEmptyOrMalformed, $"{field}: is mandatory and must not be empty");
}
