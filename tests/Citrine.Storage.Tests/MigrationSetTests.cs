using System.Text.RegularExpressions;

namespace Citrine.Storage.Tests;

/// <summary>The two migration folders move in step: the same numbered files, one schema history for both databases.</summary>
public sealed partial class MigrationSetTests
{
    [Fact]
    public void Both_migration_folders_have_the_same_numbers_and_names()
    {
        var sqlite = MigrationRunner.Load(DatabaseKind.Sqlite);
        var postgres = MigrationRunner.Load(DatabaseKind.Postgres);

        sqlite.ShouldNotBeEmpty();
        sqlite.Select(m => m.Version).ShouldBe(postgres.Select(m => m.Version));
        sqlite.Select(m => m.Name).ShouldBe(postgres.Select(m => m.Name));
        sqlite.Select(m => m.Version).ShouldBe(Enumerable.Range(1, sqlite.Count), "numbers start at 1 without gaps");
        sqlite.Concat(postgres).ShouldAllBe(m => FileName().IsMatch(m.Name) && m.Sql.Trim().Length > 0);
    }

    [GeneratedRegex("^[0-9]{4}_[a-z0-9_]+\\.sql$")]
    private static partial Regex FileName();
}
