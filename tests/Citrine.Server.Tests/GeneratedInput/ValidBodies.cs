using System.Globalization;
using System.Text.Json.Nodes;
using Citrine.Server.Http.Declarations;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>Ids and codes the fuzzed merchant owns, another merchant owns, or nobody has: the values id fields
/// take, as raw JSON.</summary>
internal sealed class ValuePools
{
    private readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);

    public void Add(string fieldName, params string[] rawJson)
    {
        if (!_byName.TryGetValue(fieldName, out var list))
        {
            _byName[fieldName] = list = [];
        }

        list.AddRange(rawJson);
    }

    public void AddText(string fieldName, params string[] texts) =>
        Add(fieldName, [.. texts.Select(t => System.Text.Json.JsonSerializer.Serialize(t))]);

    public void AddNumber(string fieldName, params long[] numbers) =>
        Add(fieldName, [.. numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))]);

    public string? Pick(string fieldName, Random rng) =>
        _byName.TryGetValue(fieldName, out var list) && list.Count > 0 ? list[rng.Next(list.Count)] : null;
}

/// <summary>A field reachable in a body: its path from the root (an array item is <c>name[]</c>), and whether it is
/// read only under a condition (inside a <see cref="When"/>).</summary>
internal sealed record Target(IReadOnlyList<string> Path, Field Field, bool Conditional)
{
    public string Name => string.Join('.', Path);
}

/// <summary>
/// Valid-looking bodies derived from a declaration's <see cref="Shape"/>: every required field (and most optional
/// ones) with a value of its kind inside its limits, enums from their allowed list, ids from <see cref="ValuePools"/>.
/// Not every body passes the endpoint's business rules; the generator only needs it close enough that a single
/// mutation is what the server judges.
/// </summary>
internal static class ValidBodies
{
    public static JsonObject Of(Shape shape, Random rng, ValuePools pools)
    {
        var body = new JsonObject();
        Fill(body, shape, rng, pools);
        return body;
    }

    public static IEnumerable<Target> Targets(Shape shape) => Targets(shape, [], conditional: false);

    private static IEnumerable<Target> Targets(Shape shape, IReadOnlyList<string> prefix, bool conditional)
    {
        foreach (var item in shape.Items)
        {
            if (item is Field field)
            {
                var path = prefix.Append(field.Name).ToList();
                yield return new Target(path, field, conditional);
                if (field.Children is { } children)
                {
                    var inner = field.Kind == FieldKind.Array
                        ? [.. prefix, field.Name + "[]"]
                        : path;
                    foreach (var child in Targets(children, inner, conditional))
                    {
                        yield return child;
                    }
                }
            }
            else if (item is When when)
            {
                foreach (var child in Targets(when.Then, prefix, conditional: true))
                {
                    yield return child;
                }
            }
        }
    }

    private static void Fill(JsonObject body, Shape shape, Random rng, ValuePools pools)
    {
        foreach (var item in shape.Items)
        {
            if (item is Field field && (field.Required || rng.NextDouble() < 0.6))
            {
                body[field.Name] = JsonNode.Parse(ValueOf(field, rng, pools));
            }
            else if (item is When when && rng.NextDouble() < 0.5)
            {
                Fill(body, when.Then, rng, pools);
            }
        }
    }

    /// <summary>A valid-looking raw JSON value for <paramref name="field"/>.</summary>
    public static string ValueOf(Field field, Random rng, ValuePools pools)
    {
        if (pools.Pick(field.Name, rng) is { } pooled && field.Kind is not (FieldKind.Object or FieldKind.Array))
        {
            return pooled;
        }

        switch (field.Kind)
        {
            case FieldKind.String:
                var length = Math.Max(1, Math.Min(field.MaxLength, rng.Next(1, 20)));
                return "\"" + RandomText(rng, length) + "\"";
            case FieldKind.Enum:
                return "\"" + field.Allowed[rng.Next(field.Allowed.Count)] + "\"";
            case FieldKind.Url:
                return "\"https://shop.example/r/" + RandomText(rng, 6) + "\"";
            case FieldKind.Amount:
                return rng.Next(3) switch { 0 => "\"1.5\"", 1 => "2", _ => "0.25" };
            case FieldKind.Integer:
                return rng.Next(1, 1000).ToString(CultureInfo.InvariantCulture);
            case FieldKind.Boolean:
                return rng.Next(2) == 0 ? "true" : "false";
            case FieldKind.Object:
                return Of(field.Children ?? Shape.Empty, rng, pools).ToJsonString();
            case FieldKind.Array:
                return new JsonArray(Of(field.Children ?? Shape.Empty, rng, pools)).ToJsonString();
            case FieldKind.AmountMap:
                return "{\"USDT\":\"10\"}";
            case FieldKind.TextList:
                return "[\"" + RandomText(rng, Math.Min(field.MaxLength, 8)) + "\"]";
            case FieldKind.EnumList:
                return "[\"" + field.Allowed[rng.Next(field.Allowed.Count)] + "\"]";
            default:
                throw new InvalidOperationException(field.Kind.ToString());
        }
    }

    private static string RandomText(Random rng, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[rng.Next(Alphabet.Length)])]);
    }
}
