using Citrine.Contracts;

namespace Citrine.Server.Http.Declarations;

/// <summary>Builders of <see cref="Field"/> declarations, one per <see cref="FieldKind"/>.</summary>
internal static class Fields
{
    public static Field Text(string name, bool required, int maxLength, bool lettersOrDigits = false) => new()
    {
        Name = name,
        Kind = FieldKind.String,
        Required = required,
        MaxLength = maxLength,
        LettersOrDigits = lettersOrDigits,
    };

    public static Field Enum(string name, bool required, IReadOnlyList<string> allowed) =>
        new() { Name = name, Kind = FieldKind.Enum, Required = required, Allowed = allowed };

    /// <summary>A list of values from <paramref name="allowed"/>, at most <paramref name="maxItems"/>.</summary>
    public static Field EnumList(string name, bool required, IReadOnlyList<string> allowed, int maxItems) => new()
    {
        Name = name,
        Kind = FieldKind.EnumList,
        Required = required,
        Allowed = allowed,
        MaxItems = maxItems,
    };

    /// <summary>A list of strings of at most <paramref name="maxLength"/> characters, at most
    /// <paramref name="maxItems"/>.</summary>
    public static Field TextList(string name, bool required, int maxLength, int maxItems) => new()
    {
        Name = name,
        Kind = FieldKind.TextList,
        Required = required,
        MaxLength = maxLength,
        MaxItems = maxItems,
    };

    public static Field Url(string name, int maxLength) => new() { Name = name, Kind = FieldKind.Url, MaxLength = maxLength };

    public static Field Amount(string name, bool required) => new() { Name = name, Kind = FieldKind.Amount, Required = required };

    public static Field Integer(string name, bool required) =>
        new() { Name = name, Kind = FieldKind.Integer, Required = required };

    public static Field Boolean(string name, bool required) =>
        new() { Name = name, Kind = FieldKind.Boolean, Required = required };

    public static Field Object(string name, bool required, params ShapeItem[] children) =>
        new() { Name = name, Kind = FieldKind.Object, Required = required, Children = new Shape(children) };

    public static Field AmountMap(string name, bool required) =>
        new() { Name = name, Kind = FieldKind.AmountMap, Required = required };

    public static Field Array(string name, bool required, int maxItems, Shape items) => new()
    {
        Name = name,
        Kind = FieldKind.Array,
        Required = required,
        MaxItems = maxItems,
        Children = items,
    };


    /// <summary>A rule over the values read so far: <paramref name="broken"/> returns the message when it fails.</summary>
    public static Rule Rule(string description, ResultCode code, Func<ShapeContext, string?> broken) =>
        new(description, code, c => broken(c) is { } message ? new Application.Failure(code, message) : null);

    public static When When(string description, Func<ShapeContext, bool> condition, params ShapeItem[] then) =>
        new(description, condition, new Shape(then));
}
