using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Citrine.Storage;

/// <summary>
/// Commands kept prepared on one long-lived connection, by SQL text. Microsoft.Data.Sqlite compiles a command's SQL
/// again for every new command object (it keeps prepared statements per command only), and on the SQLite writer that
/// compilation (the orders INSERT with its money trigger and foreign key) cost as much as running the statement; the
/// profile is in docs/performance.md#the-writers-statement-cache. The writer connection has a cache (it lives as long
/// as the database and runs one statement at a time), and so has each kept reader connection (Sqlite/ReaderPool.cs:
/// rented by one read at a time), so a cached command is never used twice at once.
/// </summary>
internal sealed class StatementCache : IDisposable
{
    private static readonly ConditionalWeakTable<DbConnection, StatementCache> Caches = [];

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly DbConnection _connection;
    private readonly int _capacity;

    private StatementCache(DbConnection connection, int capacity)
    {
        _connection = connection;
        _capacity = capacity;
    }

    /// <summary>Gives <paramref name="connection"/> a cache of at most <paramref name="capacity"/> statements: texts
    /// beyond it (rare, dynamic filters) are compiled per use as before.</summary>
    public static StatementCache Attach(DbConnection connection, int capacity)
    {
        var cache = new StatementCache(connection, capacity);
        Caches.AddOrUpdate(connection, cache);
        return cache;
    }

    public static StatementCache? Of(DbConnection connection) =>
        Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>The cached command for <paramref name="sql"/>, its parameters set to these values; null when the
    /// cache is full and the text is new.</summary>
    public DbCommand? Rent(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= _capacity)
            {
                return null;
            }

            // Prepared on first execution and kept by the command from then on.
            command = _connection.Command(sql, parameters);
            _commands.Add(sql, command);
            return command;
        }

        var existing = command.Parameters;
        if (!SameNames(existing, parameters))
        {
            existing.Clear();
            command.AddParameters(parameters);
            return command;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            existing[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return command;
    }

    private static bool SameNames(DbParameterCollection existing, (string Name, object? Value)[] parameters)
    {
        if (existing.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(existing[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Caches.Remove(_connection);
    }
}
