using System.Data.Common;
using System.Globalization;
using Citrine.Storage;
using Citrine.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Citrine.Server.Health;

/// <summary>
/// Ready when the database answers and every migration shipped with this build is recorded in
/// <c>schema_migrations</c> (src/Citrine.Storage/MigrationRunner.cs). On SQLite the probe opens the file afresh
/// (no pool, no create): pooled connections and the writer keep a file open after it was deleted or moved, so only
/// a new connection shows that the database at the configured path is gone.
/// </summary>
internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    private readonly HashSet<long> _shipped = ShippedVersions(database.Kind);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var kind = database.Kind.ToString().ToLowerInvariant();
        HashSet<long> applied;
        try
        {
            applied = database is SqliteDatabase sqlite
                ? await ReadFreshSqliteAsync(sqlite.FilePath, cancellationToken).ConfigureAwait(false)
                : await database.ReadAsync(AppliedAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The type only: a driver message can name hosts, users or paths.
            return HealthCheckResult.Unhealthy($"{kind} database unreachable ({e.GetType().Name})");
        }

        var missing = _shipped.Where(v => !applied.Contains(v)).Order().ToList();
        var data = new Dictionary<string, object>
        {
            ["storage"] = kind,
            ["migrationsApplied"] = applied.Count,
            ["migrationsShipped"] = _shipped.Count,
        };
        return missing.Count == 0
            ? HealthCheckResult.Healthy($"{kind} database reachable, migrations applied", data)
            : HealthCheckResult.Unhealthy(
                $"{kind} database lacks migrations {string.Join(", ", missing.Select(v => v.ToString("D4", CultureInfo.InvariantCulture)))}",
                data: data);
    }

    private static async Task<HashSet<long>> ReadFreshSqliteAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 5,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await AppliedAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<long>> AppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new HashSet<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    // The migrations are embedded as Citrine.Storage.Migrations.<provider>.NNNN_name.sql (see MigrationRunner.Load).
    private static HashSet<long> ShippedVersions(DatabaseKind kind)
    {
        var assembly = typeof(Database).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{(kind == DatabaseKind.Sqlite ? "sqlite" : "postgres")}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => long.Parse(n.AsSpan(prefix.Length, 4), CultureInfo.InvariantCulture))
            .ToHashSet();
    }
}
