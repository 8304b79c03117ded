using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Citrine.Storage;

namespace Citrine.Server.Tests.GeneratedInput;

/// <summary>
/// The row count and a checksum of every row of every table, so a test can tell whether anything was written.
/// <c>nonces</c> is left out on purpose: a signed request's nonce is recorded before its body is read (a replay must
/// be refused even when the first request was), so refused requests do add nonces. <c>request_journal</c> likewise:
/// recording refused requests is its purpose (docs/observability.md, request journal).
/// </summary>
internal sealed record TableSnapshot(IReadOnlyDictionary<string, (long Rows, string Hash)> Tables)
{
    private static readonly string[] Unwatched = ["nonces", "request_journal"];

    public static Task<TableSnapshot> TakeAsync(Database database) => database.ReadAsync(async (connection, ct) =>
    {
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Kind == DatabaseKind.Postgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var name in names.Except(Unwatched, StringComparer.Ordinal))
        {
            tables[name] = await DigestAsync(connection, name, ct);
        }

        return new TableSnapshot(tables);
    }, CancellationToken.None);

    /// <summary>The tables whose rows differ from <paramref name="other"/>'s, with their row counts.</summary>
    public IReadOnlyList<string> Differences(TableSnapshot other) =>
    [
        .. Tables.Keys.Union(other.Tables.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(t => !Tables.TryGetValue(t, out var mine) || !other.Tables.TryGetValue(t, out var theirs)
                        || mine != theirs)
            .Select(t => $"{t}: {Count(this, t)} → {Count(other, t)} rows"),
    ];

    private static string Count(TableSnapshot snapshot, string table) =>
        snapshot.Tables.TryGetValue(table, out var entry) ? entry.Rows.ToString(CultureInfo.InvariantCulture) : "-";

    private static async Task<(long, string)> DigestAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Append(reader.IsDBNull(i) ? "∅"
                    : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes)
                    : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('\u001f');
            }

            rows.Add(row.ToString());
        }

        rows.Sort(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows)));
        return (rows.Count, Convert.ToHexString(hash));
    }
}
