using System.Text.RegularExpressions;
using Citrine.Domain.Lifecycles;

namespace Citrine.Storage;

/// <summary>
/// SQL text for a lifecycle edge, taken from the domain's table, so a conditional update can only make the moves the
/// table allows: <c>SET status = {Target} … WHERE status IN ({Sources})</c>. The names are the domain's compile-time
/// constants (checked to be upper snake case), never request data, so writing them into the SQL text is safe.
/// </summary>
internal static partial class LifecycleSql
{
    /// <summary>The quoted names of <paramref name="states"/> for an <c>IN (…)</c> list; <c>NULL</c> (matching
    /// nothing) when there are none.</summary>
    public static string List<TState, TEvent>(Lifecycle<TState, TEvent> table, IEnumerable<TState> states)
        where TState : struct, Enum
        where TEvent : struct, Enum
    {
        var names = states.Select(s => Literal(table, s)).ToList();
        return names.Count == 0 ? "NULL" : string.Join(", ", names);
    }

    /// <summary>The quoted name of one state.</summary>
    public static string Literal<TState, TEvent>(Lifecycle<TState, TEvent> table, TState state)
        where TState : struct, Enum
        where TEvent : struct, Enum
    {
        var name = table.Name(state);
        return StatusName().IsMatch(name) ? $"'{name}'" : throw new InvalidOperationException(
            $"'{name}' is not a status name that can be written into SQL.");
    }

    /// <summary>The sources allowed to reach <paramref name="to"/> by <paramref name="what"/>, as an
    /// <c>IN (…)</c> list.</summary>
    public static string Sources<TState, TEvent>(Lifecycle<TState, TEvent> table, TEvent what, TState to)
        where TState : struct, Enum
        where TEvent : struct, Enum =>
        List(table, table.Sources(what, to));

    [GeneratedRegex("^[A-Z][A-Z_]*$")]
    private static partial Regex StatusName();
}
