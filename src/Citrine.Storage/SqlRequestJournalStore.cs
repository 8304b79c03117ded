using System.Data.Common;
using System.Globalization;
using System.Text;
using Citrine.Application.Requests;

namespace Citrine.Storage;

/// <summary>The request journal's table (migration 0013; docs/observability.md#request-journal).</summary>
public sealed class SqlRequestJournalStore(Database database) : IRequestJournalStore
{
    private const string Columns =
        "merchant_id, at_ms, method, path, http_status, code, latency_ms, rule, signed_timestamp, timestamp_check, "
        + "signed_nonce, nonce_check, signature_check, body_excerpt, body_bytes";

    private const int ColumnCount = 15;

    /// <summary>Rows per INSERT statement: far below either database's parameter limit.</summary>
    private const int RowsPerStatement = 50;

    // The statement texts and parameter names for 1 to RowsPerStatement rows, built once: building them per call was
    // a tenth of the bytes the server allocated under create load (docs/performance.md#allocations-per-create).
    private static readonly string[][] ParameterNames = [.. Enumerable.Range(0, RowsPerStatement)
        .Select(i => Enumerable.Range(0, ColumnCount)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"@p{i}_{j}")).ToArray())];

    private static readonly string[] InsertTexts = [.. Enumerable.Range(1, RowsPerStatement).Select(InsertText)];

    public Task AppendAsync(IReadOnlyList<RequestJournalEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        // SQLite runs in-process: one cached single-row statement per entry costs a bind and a step, where a multi-row
        // text of a new length would be compiled afresh (StatementCache). PostgreSQL pays a round trip per statement.
        var rowsPerStatement = database.Kind == DatabaseKind.Sqlite ? 1 : RowsPerStatement;
        return database.WriteAsync(async (c, ct) =>
        {
            foreach (var chunk in entries.Chunk(rowsPerStatement))
            {
                var (sql, parameters) = Insert(chunk);
                await c.ExecuteAsync(sql, ct, parameters).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<RequestJournalEntry>> ListAsync(RequestJournalQuery query,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Only the filters given become SQL (fixed fragments); an absent filter is no condition rather than a NULL
        // parameter, which PostgreSQL could not type.
        var sql = new StringBuilder($"SELECT entry_id, {Columns} FROM request_journal WHERE merchant_id = @m");
        var parameters = new List<(string, object?)> { ("@m", query.MerchantId), ("@limit", (long)query.Limit) };
        if (query.Code is { } code)
        {
            sql.Append(" AND code = @code");
            parameters.Add(("@code", code));
        }

        if (query.Path is { } path)
        {
            sql.Append(" AND path = @path");
            parameters.Add(("@path", path));
        }

        if (query.SinceMs is { } since)
        {
            sql.Append(" AND at_ms >= @since");
            parameters.Add(("@since", since));
        }

        if (query.AfterId is { } after)
        {
            sql.Append(" AND entry_id > @after ORDER BY entry_id LIMIT @limit");
            parameters.Add(("@after", after));
        }
        else
        {
            sql.Append(" AND entry_id < @before ORDER BY entry_id DESC LIMIT @limit");
            parameters.Add(("@before", query.BeforeId ?? long.MaxValue));
        }

        var text = sql.ToString();
        return await database.ReadAsync((c, ct) => c.QueryAsync(text, Map, ct, [.. parameters]), cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<long> PruneAsync(long cutoffMs, int maxPerMerchant, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, ct) =>
        {
            long deleted = await c.ExecuteAsync("DELETE FROM request_journal WHERE at_ms < @cutoff", ct,
                ("@cutoff", cutoffMs)).ConfigureAwait(false);
            var over = await c.QueryAsync(
                "SELECT merchant_id FROM request_journal GROUP BY merchant_id HAVING COUNT(*) > @max",
                r => r.GetInt64(0), ct, ("@max", (long)maxPerMerchant)).ConfigureAwait(false);
            foreach (var merchantId in over)
            {
                // Everything at or below the oldest entry beyond the newest maxPerMerchant (index order).
                deleted += await c.ExecuteAsync(
                    """
                    DELETE FROM request_journal WHERE merchant_id = @m AND entry_id <= (
                        SELECT entry_id FROM request_journal WHERE merchant_id = @m
                        ORDER BY entry_id DESC LIMIT 1 OFFSET @max)
                    """, ct, ("@m", merchantId), ("@max", (long)maxPerMerchant)).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    private static (string Sql, (string, object?)[] Parameters) Insert(RequestJournalEntry[] rows)
    {
        var parameters = new (string, object?)[rows.Length * ColumnCount];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = rows[i];
            var names = ParameterNames[i];
            // In Columns order; a span collection is built on the stack, not allocated per row.
            ReadOnlySpan<object?> values =
            [
                e.MerchantId, e.AtMs, e.Method, e.Path, (long)e.HttpStatus, e.Code, e.LatencyMs, e.Rule, e.Timestamp,
                e.TimestampCheck, e.Nonce, e.NonceCheck, e.SignatureCheck, e.BodyExcerpt, (long)e.BodyBytes,
            ];
            for (var j = 0; j < ColumnCount; j++)
            {
                parameters[(i * ColumnCount) + j] = (names[j], values[j]);
            }
        }

        return (InsertTexts[rows.Length - 1], parameters);
    }

    private static string InsertText(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO request_journal ({Columns}) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ", (").AppendJoin(", ", ParameterNames[i]).Append(')');
        }

        return sql.ToString();
    }

    private static RequestJournalEntry Map(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), (int)r.GetInt64(5),
        r.GetString(6), r.GetInt64(7), r.NullableString(8), r.NullableString(9), r.NullableString(10),
        r.NullableString(11), r.NullableString(12), r.NullableString(13), r.NullableString(14), (int)r.GetInt64(15));
}
