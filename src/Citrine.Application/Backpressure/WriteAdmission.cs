namespace Citrine.Application.Backpressure;

/// <summary>
/// Whether a database write made on the current asynchronous flow may be refused when the write queue is full. The
/// server marks every HTTP request with <see cref="RefuseWhenFull"/> at its entry, so a request's writes fail fast
/// with <see cref="ServerBusyException"/>; every other write (background loops, start-up, the nonce hand-over at
/// stop) waits for room instead, because refusing it would only move the work to a later tick or lose a delivery
/// outcome, and those callers are few and bounded (docs/architecture.md#backpressure).
/// </summary>
public static class WriteAdmission
{
    private static readonly AsyncLocal<bool> Refusable = new();

    /// <summary>True when a full queue refuses the current flow's writes instead of making them wait.</summary>
    public static bool RefusesWhenFull => Refusable.Value;

    /// <summary>Marks the current flow (an HTTP request and everything it awaits) as refusable; the mark ends with the
    /// flow, since an <see cref="AsyncLocal{T}"/> set inside an async method does not leak to its caller.</summary>
    public static void RefuseWhenFull() => Refusable.Value = true;
}
