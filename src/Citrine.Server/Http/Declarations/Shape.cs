using Citrine.Contracts;
using Citrine.Server.Http.Ingress;

namespace Citrine.Server.Http.Declarations;

/// <summary>An entry of a request shape: a field, a cross-field rule, or fields read only under a condition.</summary>
internal abstract record ShapeItem;

/// <summary>
/// A rule over fields already read (for example "one of prepayId or merchantTradeNo"): <see cref="Test"/> returns
/// the failure, or null when the rule holds. Checked at its place in the shape.
/// </summary>
internal sealed record Rule(string Description, ResultCode Code, Func<ShapeContext, Application.Failure?> Test)
    : ShapeItem;

/// <summary>Fields read only when <see cref="Condition"/> holds (for example the cycle of a periodic contract);
/// otherwise they are ignored, not even checked.</summary>
internal sealed record When(string Description, Func<ShapeContext, bool> Condition, Shape Then) : ShapeItem;

/// <summary>The ordered fields and rules of one JSON object.</summary>
internal sealed record Shape(IReadOnlyList<ShapeItem> Items)
{
    public static Shape Empty { get; } = new([]);

    public static Shape Of(params ShapeItem[] items) => new(items);

    /// <summary>Every field, conditional ones included, in declaration order (one level).</summary>
    public IEnumerable<Field> Fields() => Items.SelectMany(item => item switch
    {
        Field field => [field],
        When conditional => conditional.Then.Fields(),
        _ => [],
    });
}

/// <summary>What a rule or condition can see: the values read so far and who is calling.</summary>
internal sealed record ShapeContext(FieldValues Values, Caller Caller);
