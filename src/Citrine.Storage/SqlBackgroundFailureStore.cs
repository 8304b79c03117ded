using Citrine.Application;

namespace Citrine.Storage;

/// <summary>
/// The <c>background_failures</c> table (migration 0016): one row per (loop, item) that failed at least once. A
/// loop's listing leaves out items whose next try is still ahead or that are parked (<see cref="NotHeld"/>). A row
/// stays after the item later succeeds: it is the record of what failed, and the item is no longer listed anyway.
/// </summary>
public sealed class SqlBackgroundFailureStore(Database database) : IBackgroundFailureStore
{
    public Task<BackgroundFailure> RecordAsync(string loopName, long itemId, long merchantId, string failure, long nowMs,
        Func<int, long?> retry, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            var before = await c.ScalarLongAsync(
                "SELECT failures FROM background_failures WHERE loop_name = @l AND item_id = @i", ct, ("@l", loopName),
                ("@i", itemId)).ConfigureAwait(false) ?? 0;
            var count = (int)before + 1;
            var next = retry(count);
            await c.ExecuteAsync(
                """
                INSERT INTO background_failures (loop_name, item_id, merchant_id, failures, next_attempt_at_ms,
                    parked_at_ms, last_error, last_failed_at_ms)
                VALUES (@l, @i, @m, @n, @next, @parked, @e, @now)
                ON CONFLICT (loop_name, item_id) DO UPDATE SET failures = excluded.failures,
                    next_attempt_at_ms = excluded.next_attempt_at_ms, parked_at_ms = excluded.parked_at_ms,
                    last_error = excluded.last_error, last_failed_at_ms = excluded.last_failed_at_ms
                """, ct, ("@l", loopName), ("@i", itemId), ("@m", merchantId), ("@n", (long)count),
                ("@next", next ?? nowMs), ("@parked", next is null ? nowMs : null), ("@e", failure), ("@now", nowMs))
                .ConfigureAwait(false);
            return new BackgroundFailure(loopName, itemId, merchantId, count, next is null, failure);
        }, cancellationToken);

    /// <summary>SQL: the item in <paramref name="idColumn"/> is neither parked nor waiting for its next try in
    /// <paramref name="loop"/> (judged against the server-wide <c>@now</c>).</summary>
    internal static string NotHeld(string loop, string idColumn) =>
        $"""
        NOT EXISTS (SELECT 1 FROM background_failures bf WHERE bf.loop_name = '{loop}' AND bf.item_id = {idColumn}
                    AND (bf.parked_at_ms IS NOT NULL OR bf.next_attempt_at_ms > @now))
        """;
}
