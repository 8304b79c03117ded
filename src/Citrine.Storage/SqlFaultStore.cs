using System.Data.Common;
using Citrine.Application.Sandbox.Faults;

namespace Citrine.Storage;

/// <summary>The armed sandbox fault rules (migration 0014, docs/sandbox.md#fault-injection).</summary>
public sealed class SqlFaultStore(Database database) : IFaultStore
{
    private const string Columns =
        """
        fault_id, merchant_id, kind, path_match, path, http_status, duration_ms, retry_after_s, count, remaining,
        created_at_ms
        """;

    public Task<FaultRule?> ArmAsync(FaultRule rule, int armedMax, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return database.WriteAsync(async (c, ct) =>
        {
            if (database.Kind == DatabaseKind.Postgres)
            {
                // The merchant's row lock queues concurrent arms of one merchant, so they count and insert one
                // at a time and cannot pass the cap together (SQLite's single writer does the same).
                await c.ExecuteAsync("SELECT 1 FROM merchants WHERE merchant_id = @m FOR UPDATE", ct,
                    ("@m", rule.MerchantId)).ConfigureAwait(false);
            }

            var armed = await c.ScalarLongAsync(
                "SELECT COUNT(*) FROM sandbox_faults WHERE merchant_id = @m AND remaining > 0", ct,
                ("@m", rule.MerchantId)).ConfigureAwait(false);
            if (armed >= armedMax)
            {
                return null;
            }

            return await c.QuerySingleAsync(
                $"""
                INSERT INTO sandbox_faults (merchant_id, kind, path_match, path, http_status, duration_ms, retry_after_s,
                    count, remaining, created_at_ms)
                VALUES (@m, @kind, @match, @path, @status, @duration, @retryAfter, @count, @count, @at)
                RETURNING {Columns}
                """, Map, ct, ("@m", rule.MerchantId), ("@kind", rule.Kind), ("@match", rule.PathMatch),
                ("@path", rule.Path), ("@status", (long?)rule.HttpStatus), ("@duration", rule.DurationMs),
                ("@retryAfter", (long?)rule.RetryAfterSeconds), ("@count", (long)rule.Count),
                ("@at", rule.CreatedAtMs)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<FaultRule>> ListAsync(long merchantId, CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"SELECT {Columns} FROM sandbox_faults WHERE merchant_id = @m ORDER BY fault_id", Map, ct,
            ("@m", merchantId)), cancellationToken).ConfigureAwait(false);

    public Task<int> ClearAsync(long merchantId, CancellationToken cancellationToken) =>
        database.WriteAsync((c, ct) => c.ExecuteAsync("DELETE FROM sandbox_faults WHERE merchant_id = @m", ct,
            ("@m", merchantId)), cancellationToken);

    public async Task<IReadOnlyList<FaultRule>> ListArmedAsync(CancellationToken cancellationToken) =>
        await database.ReadAsync((c, ct) => c.QueryAsync(
            $"SELECT {Columns} FROM sandbox_faults WHERE remaining > 0 ORDER BY fault_id", Map, ct),
            cancellationToken).ConfigureAwait(false);

    // The condition is the decision: of two requests racing for the last use, the second updates no row.
    public async Task<int?> TryConsumeAsync(long faultId, CancellationToken cancellationToken) =>
        (int?)await database.WriteAsync((c, ct) => c.ScalarLongAsync(
            "UPDATE sandbox_faults SET remaining = remaining - 1 WHERE fault_id = @id AND remaining > 0 RETURNING remaining",
            ct, ("@id", faultId)), cancellationToken).ConfigureAwait(false);

    private static FaultRule Map(DbDataReader r) => new()
    {
        FaultId = r.GetInt64(0),
        MerchantId = r.GetInt64(1),
        Kind = r.GetString(2),
        PathMatch = r.GetString(3),
        Path = r.NullableString(4),
        HttpStatus = (int?)r.NullableLong(5),
        DurationMs = r.NullableLong(6),
        RetryAfterSeconds = (int?)r.NullableLong(7),
        Count = (int)r.GetInt64(8),
        Remaining = (int)r.GetInt64(9),
        CreatedAtMs = r.GetInt64(10),
    };
}
