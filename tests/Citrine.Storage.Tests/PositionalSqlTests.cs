using System.Data.Common;
using Citrine.Storage.Postgres;
using Citrine.Testing;
using Npgsql;

namespace Citrine.Storage.Tests;

/// <summary>
/// PostgreSQL statements travel with positional parameters (Postgres/PositionalSql.cs): the rewrite leaves literals,
/// quoted names and comments alone, numbers a repeated name once, leaves to Npgsql what it cannot rewrite, and the
/// rewritten statements return what the named ones did on a real server.
/// </summary>
public sealed class PositionalSqlTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async ValueTask InitializeAsync() =>
        _database = PostgresDatabase.Open(await TestDatabases.NewPostgresDatabaseAsync());

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void Names_become_numbers_in_order_of_first_use_and_a_repeated_name_keeps_its_number()
    {
        var rewritten = PositionalSql.Rewrite(
            "UPDATE t SET a = @a, b = @b WHERE id = @id AND a < @a AND (x::bigint) > @b_2").ShouldNotBeNull();

        rewritten.Text.ShouldBe("UPDATE t SET a = $1, b = $2 WHERE id = $3 AND a < $1 AND (x::bigint) > $4");
        rewritten.Names.ShouldBe(["@a", "@b", "@id", "@b_2"]);
    }

    [Fact]
    public void Literals_quoted_names_and_comments_keep_their_at_signs()
    {
        const string Sql = """
            SELECT 'it''s @not', "col@umn" -- @neither
            /* nor @this */ FROM t WHERE k = @k
            """;

        var rewritten = PositionalSql.Rewrite(Sql).ShouldNotBeNull();

        rewritten.Text.ShouldBe(Sql.Replace("= @k", "= $1", StringComparison.Ordinal));
        rewritten.Names.ShouldBe(["@k"]);
    }

    [Theory]
    [InlineData("SELECT 1 WHERE @a = 1; SELECT 2")]
    [InlineData("SELECT $1, @a")]
    [InlineData("SELECT $q$ @a $q$")]
    [InlineData("SELECT E'\\' @a', @b")]
    [InlineData("SELECT 1")]
    public void What_it_cannot_rewrite_is_left_to_Npgsql(string sql) => PositionalSql.Rewrite(sql).ShouldBeNull();

    [Fact]
    public void A_PostgreSQL_command_carries_unnamed_parameters_in_number_order()
    {
        using var connection = new NpgsqlConnection();

        using var command = connection.Command("SELECT @b, @a, @b", ("@a", 1L), ("@b", "two"));

        command.CommandText.ShouldBe("SELECT $1, $2, $1");
        command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value))
            .ShouldBe([(string.Empty, (object?)"two"), (string.Empty, 1L)]);
    }

    [Fact]
    public void A_text_naming_a_parameter_it_was_not_given_goes_to_Npgsql_by_name()
    {
        using var connection = new NpgsqlConnection();

        using var command = connection.Command("SELECT @a, @missing", ("@a", 1L));

        command.CommandText.ShouldBe("SELECT @a, @missing");
        command.Parameters.Cast<DbParameter>().Select(p => p.ParameterName).ShouldBe(["@a"]);
    }

    [Fact]
    public async Task Rewritten_statements_return_what_the_server_computes_for_them()
    {
        var rows = await _database.ReadAsync((c, ct) => c.QueryAsync(
            "SELECT @x::bigint + @y, '@x' || @s, @x, @n::text IS NULL",
            r => (Sum: r.GetInt64(0), Text: r.GetString(1), X: r.GetInt64(2), NullIsNull: r.GetBoolean(3)), ct,
            ("@y", 2L), ("@x", 40L), ("@s", "!"), ("@n", null)), CancellationToken.None);

        rows.ShouldHaveSingleItem().ShouldBe((42L, "@x!", 40L, true));
    }
}
