using System.Data.Common;

namespace Citrine.Storage;

/// <summary>Which database a <see cref="Database"/> talks to; only the few dialect differences look at it.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The connection discipline shared by every store. The SQL in the stores is written once for both databases (both
/// accept <c>@name</c> parameters, <c>ON CONFLICT DO NOTHING</c> and <c>RETURNING</c>); each provider supplies how a
/// read and a write transaction run. See docs/adr/0002-storage.md.
/// </summary>
public abstract class Database : IAsyncDisposable
{
    public abstract DatabaseKind Kind { get; }

    /// <summary>Runs <paramref name="work"/> on an open connection without a transaction.</summary>
    public abstract Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> inside a write transaction that commits durably before the task completes. If the
    /// work throws, none of its writes are kept.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs one statement as a write of its own and returns the rows it affected; it commits durably before the task
    /// completes, as <see cref="WriteAsync{T}"/>. A provider may run it without an explicit transaction, which saves
    /// PostgreSQL the round trip of a <c>COMMIT</c>.
    /// </summary>
    public virtual Task<int> WriteStatementAsync(string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        WriteAsync((c, ct) => c.ExecuteAsync(sql, ct, parameters), cancellationToken);

    /// <summary>Write requests waiting for the writer (SQLite's group commit); 0 where writes do not queue.</summary>
    public virtual int PendingWrites => 0;

    /// <summary>Applies pending migrations.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => new MigrationRunner(this).RunAsync(cancellationToken);

    public abstract ValueTask DisposeAsync();
}
