using Citrine.Storage.Postgres;
using Npgsql;
using Shouldly;

namespace Citrine.Storage.Tests;

/// <summary>What <see cref="PostgresDatabase.Tuned"/> adds to a connection string, and that it never overrides the
/// operator.</summary>
public sealed class PostgresTuningTests
{
    [Fact]
    public void Unset_auto_prepare_and_reset_on_close_get_citrines_defaults()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresDatabase.Tuned("Host=db;Database=citrine"));

        tuned.MaxAutoPrepare.ShouldBe(PostgresDatabase.DefaultMaxAutoPrepare);
        tuned.NoResetOnClose.ShouldBeTrue();
        tuned.Host.ShouldBe("db");
        tuned.Database.ShouldBe("citrine");
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=0")]
    public void Values_the_connection_string_sets_are_kept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresDatabase.Tuned(connectionString));

        tuned.MaxAutoPrepare.ShouldBe(0);
        tuned.NoResetOnClose.ShouldBeFalse();
    }
}
