using Npgsql;

namespace Citrine.Testing;

/// <summary>
/// Databases for tests: a fresh SQLite directory, or a fresh PostgreSQL database on the cluster that
/// scripts/test.sh starts (<c>CITRINE_TEST_POSTGRES</c>). A missing PostgreSQL fails the test, never skips it.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "CITRINE_TEST_POSTGRES";

    public static string NewSqliteDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "citrine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> NewPostgresDatabaseAsync()
    {
        var root = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");
        }

        var name = "citrine_t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(root))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(root) { Database = name }.ConnectionString;
    }
}
