using Citrine.Contracts;

namespace Citrine.Server.Http.Declarations;

/// <summary>How <see cref="ShapeReader"/> reads a field; each kind has one JSON type on the wire.</summary>
internal enum FieldKind
{
    /// <summary>A string (a JSON integer is taken as its text, as Binance's samples send ids).</summary>
    String,

    /// <summary>A string from a fixed list.</summary>
    Enum,

    /// <summary>An absolute http or https URL.</summary>
    Url,

    /// <summary>A decimal amount as number or string, at most 8 decimals, read as units of 1e-8.</summary>
    Amount,

    /// <summary>An integer as JSON number or string of digits.</summary>
    Integer,

    /// <summary>A JSON boolean (the strings "true"/"false" are taken too).</summary>
    Boolean,

    /// <summary>A JSON object with its own fields.</summary>
    Object,

    /// <summary>A JSON array of objects with their own fields.</summary>
    Array,

    /// <summary>A JSON array of strings, each from a fixed list (a lone string is taken as a list of one).</summary>
    EnumList,

    /// <summary>A JSON object whose keys are asset names (1 to 10 letters or digits) and values are amounts.</summary>
    AmountMap,

    /// <summary>A JSON array of non-empty strings of at most <see cref="Field.MaxLength"/> characters (a lone string
    /// is taken as a list of one).</summary>
    TextList,
}

/// <summary>A rule checked right after its field was read: <paramref name="Rule"/> is the text after
/// <c>"{path}: "</c> in the message.</summary>
internal sealed record FieldCheck(ResultCode Code, string Rule, Func<object, bool> IsValid);

/// <summary>
/// One request field as the wire carries it: name, JSON type, whether it is required, its limits, and the result
/// code each rule breaks, in the order <see cref="ShapeReader"/> checks them. Immutable; declared once per endpoint.
/// </summary>
internal sealed record Field : ShapeItem
{
    public required string Name { get; init; }

    public required FieldKind Kind { get; init; }

    public bool Required { get; init; }

    /// <summary>Longest text (String, Enum, Url).</summary>
    public int MaxLength { get; init; } = int.MaxValue;

    /// <summary>Only ASCII letters and digits (400103 otherwise).</summary>
    public bool LettersOrDigits { get; init; }

    /// <summary>The allowed values of an Enum (400102 otherwise).</summary>
    public IReadOnlyList<string> Allowed { get; init; } = [];

    /// <summary>An Amount must be greater than zero (400102 otherwise).</summary>
    public bool Positive { get; init; } = true;

    /// <summary>Most items of an Array (400101 otherwise).</summary>
    public int MaxItems { get; init; } = int.MaxValue;

    /// <summary>The fields of an Object, or of each item of an Array.</summary>
    public Shape? Children { get; init; }

    /// <summary>Further rules, checked in order after the field's own.</summary>
    public IReadOnlyList<FieldCheck> Checks { get; init; } = [];

    /// <summary>The JSON type the wire carries (OpenAPI's names); amounts and ids accept a string too.</summary>
    public string JsonType => Kind switch
    {
        FieldKind.String or FieldKind.Enum or FieldKind.Url => "string",
        FieldKind.Amount => "number",
        FieldKind.Integer => "integer",
        FieldKind.Boolean => "boolean",
        FieldKind.Object or FieldKind.AmountMap => "object",
        FieldKind.Array or FieldKind.EnumList or FieldKind.TextList => "array",
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    /// <summary>The rules and their result codes, in the order they are checked (for documentation).</summary>
    public IEnumerable<(string Rule, ResultCode Code)> Rules()
    {
        if (Required)
        {
            yield return ("mandatory and not empty", ResultCodes.MandatoryParamEmptyOrMalformed);
        }

        yield return ($"a JSON {JsonType}", ResultCodes.MandatoryParamEmptyOrMalformed);
        if (MaxLength != int.MaxValue)
        {
            yield return ($"at most {MaxLength} characters", ResultCodes.InvalidParamWrongLength);
        }

        if (LettersOrDigits)
        {
            yield return ("letters or digits only", ResultCodes.InvalidParamIllegalChar);
        }

        if (Allowed.Count > 0)
        {
            yield return ($"one of {string.Join(", ", Allowed)}", ResultCodes.InvalidParamWrongValue);
        }

        if (MaxItems != int.MaxValue)
        {
            yield return ($"at most {MaxItems} items", ResultCodes.InvalidParamWrongLength);
        }

        foreach (var check in Checks)
        {
            yield return (check.Rule, check.Code);
        }
    }

    public Field Check<T>(ResultCode code, string rule, Func<T, bool> isValid) =>
        this with { Checks = [.. Checks, new FieldCheck(code, rule, value => isValid((T)value))] };
}
