namespace Citrine.Domain.Lifecycles;

/// <summary>
/// One allowed edge of a lifecycle: in <see cref="From"/>, <see cref="Event"/> may lead to <see cref="To"/>, and the
/// move emits the webhook whose <c>bizStatus</c> is <see cref="BizStatus"/> (null: no webhook).
/// </summary>
public sealed record Transition<TState, TEvent>(TState From, TEvent Event, TState To, string? BizStatus)
    where TState : struct, Enum
    where TEvent : struct, Enum;

/// <summary>
/// A lifecycle as a table: every (state, event) pair not listed is refused. A pair may list several targets when the
/// data decides between them (an order after a refund settles); the table then says which targets are possible and a
/// domain function picks one. Stores build their conditional updates from <see cref="Sources(TEvent, TState)"/> and
/// the target, so the SQL cannot allow what the table forbids.
/// </summary>
public sealed class Lifecycle<TState, TEvent>
    where TState : struct, Enum
    where TEvent : struct, Enum
{
    public Lifecycle(Func<TState, string> name, params Transition<TState, TEvent>[] transitions)
    {
        var repeated = transitions.GroupBy(t => (t.From, t.Event, t.To)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"The edge {repeated.Key} is listed twice.", nameof(transitions));
        }

        var mixed = transitions.GroupBy(t => (t.Event, t.To))
            .FirstOrDefault(g => g.Select(t => t.BizStatus).Distinct().Count() > 1);
        if (mixed is not null)
        {
            // A store writes the event's webhook without re-reading the source state, so one (event, target) has one.
            throw new ArgumentException($"The edges of {mixed.Key} disagree on their webhook.", nameof(transitions));
        }

        Name = name;
        Transitions = transitions;
    }

    /// <summary>The spelling of a state in storage and on the wire (upper snake case).</summary>
    public Func<TState, string> Name { get; }

    public IReadOnlyList<Transition<TState, TEvent>> Transitions { get; }

    /// <summary>Where <paramref name="what"/> may lead from <paramref name="from"/>; empty when refused.</summary>
    public IReadOnlyList<TState> Targets(TState from, TEvent what) =>
        [.. Transitions.Where(t => Eq(t.From, from) && Eq(t.Event, what)).Select(t => t.To)];

    public bool Allows(TState from, TEvent what) => Targets(from, what).Count > 0;

    public bool Allows(TState from, TEvent what, TState to) =>
        Transitions.Any(t => Eq(t.From, from) && Eq(t.Event, what) && Eq(t.To, to));

    /// <summary>The one target of an event whose target does not depend on data; throws when there are
    /// several.</summary>
    public TState Target(TEvent what) =>
        Transitions.Where(t => Eq(t.Event, what)).Select(t => t.To).Distinct().Single();

    /// <summary>The states from which <paramref name="what"/> may lead to <paramref name="to"/>.</summary>
    public IReadOnlyList<TState> Sources(TEvent what, TState to) =>
        [.. Transitions.Where(t => Eq(t.Event, what) && Eq(t.To, to)).Select(t => t.From).Distinct()];

    /// <summary>The states from which <paramref name="what"/> is allowed at all.</summary>
    public IReadOnlyList<TState> Sources(TEvent what) =>
        [.. Transitions.Where(t => Eq(t.Event, what)).Select(t => t.From).Distinct()];

    /// <summary>The webhook <c>bizStatus</c> of <paramref name="what"/> leading to <paramref name="to"/>;
    /// null when it sends none.</summary>
    public string? BizStatus(TEvent what, TState to) =>
        Transitions.First(t => Eq(t.Event, what) && Eq(t.To, to)).BizStatus;

    /// <summary><paramref name="start"/> and every state reachable from it.</summary>
    public IReadOnlySet<TState> ReachableFrom(TState start)
    {
        var seen = new HashSet<TState> { start };
        var queue = new Queue<TState>([start]);
        while (queue.TryDequeue(out var state))
        {
            foreach (var t in Transitions.Where(t => Eq(t.From, state) && seen.Add(t.To)))
            {
                queue.Enqueue(t.To);
            }
        }

        return seen;
    }

    private static bool Eq<T>(T a, T b) where T : struct, Enum => EqualityComparer<T>.Default.Equals(a, b);
}
