using System.Data;
using System.Data.Common;
using Npgsql;

namespace Citrine.Storage.Postgres;

/// <summary>
/// PostgreSQL through one <see cref="NpgsqlDataSource"/>. Each write is its own READ COMMITTED transaction; races are
/// decided by unique constraints and conditional updates, so several stateless nodes can share the database.
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource) : Database
{
    public override DatabaseKind Kind => DatabaseKind.Postgres;

    public static PostgresDatabase Open(string connectionString) =>
        new(NpgsqlDataSource.Create(connectionString));

    public override async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted,
            cancellationToken).ConfigureAwait(false);
        var result = await work(connection, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
