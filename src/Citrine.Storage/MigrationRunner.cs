using System.Globalization;

namespace Citrine.Storage;

/// <summary>
/// Applies the numbered plain-SQL migrations of the provider (embedded <c>Migrations/&lt;provider&gt;/NNNN_*.sql</c>),
/// recording each in <c>schema_migrations</c>. On PostgreSQL an advisory lock lets several nodes start at once.
/// </summary>
internal sealed class MigrationRunner(Database database)
{
    private const long AdvisoryLockKey = 0x43495452494E45; // "CITRINE"

    public static IReadOnlyList<(int Version, string Name, string Sql)> Load(DatabaseKind kind)
    {
        var folder = kind == DatabaseKind.Sqlite ? "sqlite" : "postgres";
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{folder}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(name[..4], CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var migrations = Load(database.Kind);
        await database.WriteAsync(async (connection, ct) =>
        {
            if (database.Kind == DatabaseKind.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", ct, ("@key", AdvisoryLockKey))
                    .ConfigureAwait(false);
            }

            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
                ct).ConfigureAwait(false);
            var applied = await connection.QueryAsync("SELECT version FROM schema_migrations", r => r.GetInt64(0), ct)
                .ConfigureAwait(false);
            foreach (var (version, name, sql) in migrations.Where(m => !applied.Contains(m.Version)))
            {
                await connection.ExecuteAsync(sql, ct).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@v, @n, @t)", ct,
                    ("@v", (long)version), ("@n", name), ("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
                    .ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }
}
