namespace Citrine.Server.Http.Declarations;

/// <summary>
/// The values <see cref="ShapeReader"/> read for one JSON object, keyed by their <see cref="Field"/> declaration:
/// strings, enums and URLs as <see cref="string"/>, amounts as units of 1e-8 and integers as <see cref="long"/>,
/// booleans as <see cref="bool"/>, objects as <see cref="FieldValues"/>, arrays as a list of them, amount maps as a
/// dictionary. An absent, null or empty optional field has no value.
/// </summary>
internal sealed class FieldValues
{
    private readonly Dictionary<Field, object> _values = new(ReferenceEqualityComparer.Instance);

    public static FieldValues Empty { get; } = new();

    public bool Has(Field field) => _values.ContainsKey(field);

    public string? Text(Field field) => Get<string>(field);

    public long? Number(Field field) => _values.TryGetValue(field, out var value) ? (long)value : null;

    public bool? Flag(Field field) => _values.TryGetValue(field, out var value) ? (bool)value : null;

    public FieldValues? Object(Field field) => Get<FieldValues>(field);

    public IReadOnlyList<FieldValues>? Items(Field field) => Get<IReadOnlyList<FieldValues>>(field);

    public IReadOnlyList<string>? TextList(Field field) => Get<List<string>>(field);

    public IReadOnlyDictionary<string, long>? AmountMap(Field field) => Get<IReadOnlyDictionary<string, long>>(field);

    internal void Set(Field field, object value) => _values[field] = value;

    private T? Get<T>(Field field)
        where T : class => _values.TryGetValue(field, out var value) ? (T)value : null;
}
