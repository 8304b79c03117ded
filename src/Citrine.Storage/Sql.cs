using System.Data.Common;
using Citrine.Storage.Postgres;
using Npgsql;

namespace Citrine.Storage;

/// <summary>Small helpers around ADO.NET so store methods read as their SQL.</summary>
internal static class Sql
{
    // Every SQL text reaching this method is built from compile-time constants in the stores (column lists, fixed
    // WHERE fragments of the same class); every value travels as a parameter. All of Storage's SQL goes through here.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities",
        Justification = "SQL text is compile-time constant per store; values are always parameters.")]
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        if (connection is NpgsqlConnection && parameters.Length > 0 && PositionalSql.Of(sql) is { } positional
            && TryAddPositional(command, positional, parameters))
        {
            command.CommandText = positional.Text;
            return command;
        }

        command.CommandText = sql;
        command.AddParameters(parameters);
        return command;
    }

    /// <summary>Adds the values in <c>$n</c> order and without names, so Npgsql sends the text unparsed; false (and no
    /// parameters added) when the text names one the caller did not give, which Npgsql then reports as before.</summary>
    private static bool TryAddPositional(DbCommand command, PositionalSql positional,
        (string Name, object? Value)[] parameters)
    {
        // Plain loops: this runs for every statement, and a lambda per name allocated enough to show in a profile.
        var names = positional.Names;
        var added = command.Parameters;
        for (var n = 0; n < names.Length; n++)
        {
            var found = IndexOf(parameters, names[n]);
            if (found < 0)
            {
                added.Clear();
                return false;
            }

            var parameter = command.CreateParameter();
            parameter.Value = parameters[found].Value ?? DBNull.Value;
            added.Add(parameter);
        }

        return true;
    }

    private static int IndexOf((string Name, object? Value)[] parameters, string name)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Adds the parameters by name; a null value is sent as SQL NULL.</summary>
    public static void AddParameters(this DbCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var lease = Rent(connection, sql, parameters);
        return await lease.Command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<long?> ScalarLongAsync(this DbConnection connection, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Rent(connection, sql, parameters);
        var value = await lease.Command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<T?> QuerySingleAsync<T>(this DbConnection connection, string sql, Func<DbDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var lease = Rent(connection, sql, parameters);
        await using var reader = await lease.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
    }

    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, string sql, Func<DbDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Rent(connection, sql, parameters);
        await using var reader = await lease.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The connection's cached command for <paramref name="sql"/> when it has a
    /// <see cref="StatementCache"/>, else a new command that the lease disposes.</summary>
    private static CommandLease Rent(DbConnection connection, string sql, (string Name, object? Value)[] parameters) =>
        StatementCache.Of(connection)?.Rent(sql, parameters) is { } cached
            ? new CommandLease(cached, owned: false)
            : new CommandLease(connection.Command(sql, parameters), owned: true);

    private readonly struct CommandLease(DbCommand command, bool owned) : IAsyncDisposable
    {
        public DbCommand Command { get; } = command;

        public ValueTask DisposeAsync() => owned ? Command.DisposeAsync() : ValueTask.CompletedTask;
    }

    public static long? NullableLong(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static object? OrNull(this bool? value) => value is null ? null : value.Value ? 1L : 0L;
}
